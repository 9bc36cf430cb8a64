using System.Net;
using System.Net.Sockets;

namespace Easel.Engine.Outbound;

/// <summary>
/// Builds the handler for outbound requests: it resolves the host itself and connects only to an allowed address,
/// so a DNS answer that changes between check and use (rebinding) cannot reach a private network. Redirects are not followed here.
/// </summary>
public static class SafeHttp
{
    public static SocketsHttpHandler CreateHandler(OutboundPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, policy, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, OutboundPolicy policy, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(policy.Allows).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundBlockedException($"{endpoint.Host} resolves only to addresses Easel may not connect to (private, loopback, link-local or reserved)");
        }
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostUnreachable);
    }
}

public sealed class OutboundBlockedException(string message) : Exception(message);
