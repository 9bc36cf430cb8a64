using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Easel.Client.Http;

/// <summary>
/// Follows a task to its end over <c>GET /api/generate/events/{id}</c>. A stream that drops is reopened (the status is read
/// once in between, so nothing is missed); if the stream cannot be had at all (a proxy that buffers or refuses it), the
/// status is polled instead. Each change of state or progress is yielded once.
/// </summary>
internal sealed class TaskWatcher(EaselTransport transport)
{
    private const int MaxStreamFailures = 3;

    /// <summary>
    /// A stream with no event for this long is reopened, so a half-open connection cannot hang a wait (the parser does not
    /// surface the server's keep-alive comments; reopening a live stream costs one request and loses nothing).
    /// </summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(60);

    public async IAsyncEnumerable<ImageTaskStatus> WatchAsync(string taskId, [EnumeratorCancellation] CancellationToken ct)
    {
        var path = $"api/generate/events/{Uri.EscapeDataString(taskId)}";
        ImageTaskStatus? last = null;
        var failures = 0;
        while (failures < MaxStreamFailures)
        {
            var response = await OpenAsync(path, ct);
            if (response is null)
            {
                break;
            }
            using (response)
            {
                using var silence = CancellationTokenSource.CreateLinkedTokenSource(ct);
                silence.CancelAfter(SilenceLimit);
                await using var body = await response.Content.ReadAsStreamAsync(silence.Token);
                await using var events = SseParser.Create(body).EnumerateAsync(silence.Token).GetAsyncEnumerator(silence.Token);
                while (true)
                {
                    SseItem<string> item;
                    try
                    {
                        if (!await events.MoveNextAsync())
                        {
                            break;
                        }
                        item = events.Current;
                        silence.CancelAfter(SilenceLimit);
                    }
                    catch (Exception e) when (IsDrop(e, ct))
                    {
                        break;
                    }
                    if (item.EventType != "status" || Parse(item.Data) is not { } status)
                    {
                        continue;
                    }
                    failures = 0;
                    if (Changed(last, status))
                    {
                        yield return last = status;
                    }
                    if (status.IsEnded)
                    {
                        yield break;
                    }
                }
            }
            failures++;
            // The stream ended before the task did: read the status once, so a change made while reconnecting is not missed.
            var now = await StatusAsync(taskId, ct);
            if (Changed(last, now))
            {
                yield return last = now;
            }
            if (now.IsEnded)
            {
                yield break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * failures), ct);
        }
        while (true)
        {
            var now = await StatusAsync(taskId, ct);
            if (Changed(last, now))
            {
                yield return last = now;
            }
            if (now.IsEnded)
            {
                yield break;
            }
            await Task.Delay(transport.Options.PollInterval, ct);
        }
    }

    public Task<ImageTaskStatus> StatusAsync(string taskId, CancellationToken ct) =>
        transport.GetAsync($"api/generate/status/{Uri.EscapeDataString(taskId)}", EaselJson.Default.EnvelopeImageTaskStatus, ct);

    /// <summary>The open event stream, or null when this server or a proxy in between does not give one (then the caller polls).</summary>
    private async Task<HttpResponseMessage?> OpenAsync(string path, CancellationToken ct)
    {
        using var request = transport.Request(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await transport.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (EaselException e) when (e.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            return null;
        }
        catch (Exception e) when (IsDrop(e, ct))
        {
            return null;
        }
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            response.Dispose();
            return null;
        }
        return response;
    }

    private static ImageTaskStatus? Parse(string data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, EaselJson.Default.ImageTaskStatus);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Changed(ImageTaskStatus? last, ImageTaskStatus now) =>
        last is null || last.Status != now.Status || last.Progress != now.Progress || last.ErrorMessage != now.ErrorMessage;

    private static bool IsDrop(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException;
}
