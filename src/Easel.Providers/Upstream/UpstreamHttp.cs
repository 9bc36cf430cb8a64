using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Easel.Core;

namespace Easel.Providers.Upstream;

/// <summary>What every provider client does over HTTP: deadlines from the injected clock, auth, bounded reads, file downloads, polling.</summary>
public sealed class UpstreamHttp(HttpClient http, UpstreamSettings channel, TimeProvider clock)
{
    private const int MaxSmallAnswerBytes = 1024 * 1024;

    public UpstreamSettings Channel => channel;

    public TimeProvider Clock => clock;

    /// <summary>A token that fires when one exchange has taken the channel's timeout (on the injected clock), or when <paramref name="ct"/> does.</summary>
    public Deadline Deadline(CancellationToken ct) => new(channel.Timeout, clock, ct);

    /// <summary>A request to <paramref name="path"/> carrying the channel's key.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null, bool withKey = true)
    {
        var request = new HttpRequestMessage(method, channel.Endpoint(path)) { Content = content };
        if (withKey)
        {
            if (channel.KeyInApiKeyHeader)
            {
                request.Headers.TryAddWithoutValidation("api-key", channel.ApiKey);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", channel.ApiKey);
            }
        }
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);

    /// <summary>Reads a small JSON answer (at most 1 MB) into <typeparamref name="T"/>; null when the body is not that JSON.</summary>
    public static async Task<T?> ReadSmallAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxSmallAnswerBytes];
        var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        if (read == buffer.Length)
        {
            throw new InvalidDataException("the upstream's answer is larger than expected");
        }
        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, read), type);
        }
        catch (JsonException) when (!UpstreamFailures.IsSuccess(response.StatusCode))
        {
            return null;
        }
    }

    /// <summary>Streams the result file at <paramref name="url"/> into the sink (no key: result URLs are signed or public).</summary>
    public async Task<Result<GeneratedImage>> DownloadAsync(string url, IImageSink sink, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidDataException("the upstream's result URL is not an http(s) URL");
        }
        using var deadline = Deadline(ct);
        using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (!response.IsSuccessStatusCode)
        {
            return RequestError.NotFound($"HTTP {(int)response.StatusCode}");
        }
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        return await sink.SaveAsync(body, deadline.Token);
    }

    /// <summary>
    /// Polls until <paramref name="poll"/> returns an outcome, waiting the channel's interval between polls (on the injected
    /// clock); gives up when the job has not finished within the poll ceiling. The job is already paid for upstream, so passing
    /// trouble (no connection, a timeout, an unreadable answer) only means "ask again", never "send it elsewhere".
    /// </summary>
    public async Task<ProviderOutcome> PollAsync(Func<CancellationToken, Task<ProviderOutcome?>> poll, CancellationToken ct)
    {
        var giveUp = clock.GetUtcNow() + channel.PollCeiling;
        while (true)
        {
            try
            {
                using var deadline = Deadline(ct);
                if (await poll(deadline.Token) is { } outcome)
                {
                    return outcome;
                }
            }
            catch (UnreadableImageException e)
            {
                return UpstreamFailures.DownloadFailed(channel, e.Message);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException
                || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
            }
            if (clock.GetUtcNow() >= giveUp)
            {
                return UpstreamFailures.NeverFinished(channel);
            }
            await Task.Delay(channel.PollInterval, clock, ct);
        }
    }
}

/// <summary>A cancellation that fires after a timeout measured on a <see cref="TimeProvider"/>, or with an outer token.</summary>
public sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        _timer = new CancellationTokenSource(timeout, clock);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
