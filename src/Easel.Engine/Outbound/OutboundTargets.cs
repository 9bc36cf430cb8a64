using System.Net;
using System.Net.Sockets;
using Easel.Core;

namespace Easel.Engine.Outbound;

/// <summary>
/// Refuses at submit the URLs Easel would never be allowed to reach (SPEC §9), so such a request is a 400 and costs nothing.
/// The connection itself is checked again (<see cref="SafeHttp"/>): a name that resolves differently later is still stopped.
/// </summary>
public sealed class OutboundTargets(OutboundPolicy policy)
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);

    public async Task<RequestError?> CheckAsync(GenerationRequest request, CancellationToken ct)
    {
        if (policy.AllowsAll)
        {
            return null;
        }
        if (request.CallbackUrl is { } callback && await WhyRefusedAsync(callback, ct) is { } callbackProblem)
        {
            return RequestError.Invalid($"callback_url refused: {callbackProblem}", "callback_url");
        }
        foreach (var url in request.ImageUrls)
        {
            if (await WhyRefusedAsync(url, ct) is { } imageProblem)
            {
                return RequestError.Invalid($"image URL refused: {imageProblem}", "image_urls");
            }
        }
        return null;
    }

    /// <summary>Why Easel may not connect to the URL's host, or null. A name that does not resolve now is left to fail at use.</summary>
    private async Task<string?> WhyRefusedAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "not an absolute URL";
        }
        var host = uri.IdnHost.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(LookupTimeout);
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return null;
            }
        }
        return addresses.Length > 0 && !addresses.Any(policy.Allows)
            ? $"{uri.Host} is a private, loopback, link-local or reserved address"
            : null;
    }
}
