using System.Net;
using Easel.Core;
using Microsoft.Extensions.Options;

namespace Easel.Engine.Outbound;

/// <summary>Downloads reference images: http(s) only, safe addresses only, at most 3 re-checked redirects, a size cap, PNG/JPEG/WebP only.</summary>
public sealed class HttpReferenceFetcher(IHttpClientFactory clients, IOptions<EaselOptions> options) : IReferenceFetcher
{
    public const string ClientName = "outbound";
    private const int MaxRedirects = 3;

    public async Task<ReferenceImage> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var limit = options.Value.Security.MaxReferenceMegabytes * 1024L * 1024L;
        var client = clients.CreateClient(ClientName);
        var target = ParseTarget(url);
        for (var hop = 0; ; hop++)
        {
            using var response = await SendAsync(client, target, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (hop == MaxRedirects)
                {
                    throw new ReferenceFetchException($"reference image {Describe(url)} redirects more than {MaxRedirects} times");
                }
                target = ParseTarget(new Uri(target, location).ToString());
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new ReferenceFetchException($"reference image {Describe(url)} answered HTTP {(int)response.StatusCode}");
            }
            if (response.Content.Headers.ContentLength > limit)
            {
                throw new ReferenceFetchException($"reference image {Describe(url)} is larger than {limit / 1024 / 1024} MB");
            }
            var bytes = await ReadCappedAsync(response, limit, url, cancellationToken);
            var format = OutputFormats.Sniff(bytes)
                ?? throw new ReferenceFetchException($"reference image {Describe(url)} is not a PNG, JPEG or WebP image");
            return new ReferenceImage(bytes, format);
        }
    }

    private static Uri ParseTarget(string url) =>
        GenerationRules.IsHttpUrl(url) ? new Uri(url) : throw new ReferenceFetchException("reference image URLs must be http or https");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri target, CancellationToken ct)
    {
        try
        {
            return await client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundBlockedException blocked)
        {
            throw new ReferenceFetchException($"reference image refused: {blocked.Message}");
        }
        catch (HttpRequestException e)
        {
            throw new ReferenceFetchException($"reference image {Describe(target.ToString())} could not be fetched: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ReferenceFetchException($"reference image {Describe(target.ToString())} timed out");
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long limit, string url, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ReferenceFetchException($"reference image {Describe(url)} is larger than {limit / 1024 / 1024} MB");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Host only: a URL's path and query may carry tokens, so messages and logs never repeat them.</summary>
    private static string Describe(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"at {u.Host}" : "";
}
