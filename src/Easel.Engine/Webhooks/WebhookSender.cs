using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Easel.Engine.Outbound;
using Easel.Engine.Signals;
using Easel.Engine.Telemetry;
using Easel.Engine.Unified;
using Easel.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Easel.Engine.Webhooks;

/// <summary>
/// Sends the webhook outbox (SPEC §9): leased deliveries, Standard Webhooks headers, no redirects, a timeout, retries on
/// network errors, timeouts, 429 and 5xx by the configured schedule, stop on 410. A crash between sending and recording
/// means the delivery is sent again with the same <c>webhook-id</c>: at least once. The body is the task's native status
/// body, with file links on the base the task was submitted through.
/// </summary>
public sealed partial class WebhookSender(
    IEaselStore store,
    FileUrls urls,
    IHttpClientFactory clients,
    TaskSignals signals,
    EaselMetrics metrics,
    IOptions<EaselOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> log) : BackgroundService
{
    public const string ClientName = "webhooks";
    private const string FallbackBase = "http://localhost";
    private readonly WebhookOptions _options = options.Value.Webhooks;
    private readonly string? _publicBase = options.Value.PublicBaseUrl?.TrimEnd('/');
    private readonly string _owner = $"{Environment.MachineName}-{Core.Ids.New("", 8)}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.Engine.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lease = TimeSpan.FromSeconds(2 * _options.TimeoutSeconds + 30);
                var due = await store.ClaimWebhookDeliveriesAsync(_owner, clock.GetUtcNow(), lease, _options.MaxConcurrency, stoppingToken);
                await Task.WhenAll(due.Select(d => DeliverAsync(d, stoppingToken)));
                if (due.Count == 0)
                {
                    await signals.WaitForWebhooksAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(e);
                await Task.Delay(poll, clock, CancellationToken.None);
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken stopping)
    {
        var task = await store.GetTaskAsync(delivery.TaskId, stopping)
            ?? throw new InvalidOperationException($"delivery {delivery.Id} has no task");
        var body = UnifiedStatusBody.Render(task, urls, _publicBase ?? task.FileBase ?? FallbackBase);
        var secrets = await store.GetWebhookSecretsAsync(delivery.AccountId, stopping);
        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var (status, error, retry) = await SendAsync(delivery, body, secrets.SigningAt(started), started.ToUnixTimeSeconds(), stopping);
        var number = delivery.Attempts + 1;
        var schedule = _options.Schedule;
        var state = status is >= 200 and < 300 ? WebhookStates.Delivered
            : retry && number <= schedule.Count ? WebhookStates.Pending
            : WebhookStates.Failed;
        DateTimeOffset? next = state == WebhookStates.Pending ? clock.GetUtcNow().AddSeconds(schedule[number - 1]) : null;
        var attempt = new WebhookAttempt(number, started, status, error, stopwatch.ElapsedMilliseconds);
        await store.RecordWebhookAttemptAsync(delivery.Id, _owner, attempt, state, next, CancellationToken.None);
        metrics.WebhookAttempted(state);
        if (error is null)
        {
            LogAttempt(delivery.Id, delivery.TaskId, number, status, state);
        }
        else
        {
            LogAttemptFailed(delivery.Id, delivery.TaskId, number, ReceiverHost(delivery.Url), error, state);
        }
    }

    private async Task<(int? Status, string? Error, bool Retry)> SendAsync(
        WebhookDelivery delivery, byte[] body, IEnumerable<string> secrets, long timestamp, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, delivery.Id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => (status, null, false),
                410 => (status, "the receiver answered 410 Gone: no more retries", false),
                429 or >= 500 => (status, $"HTTP {status}", true),
                >= 300 and < 400 => (status, $"HTTP {status}: redirects are not followed", false),
                _ => (status, $"HTTP {status}: not retried", false),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundBlockedException blocked)
        {
            return (null, $"refused: {blocked.Message}", false);
        }
        catch (HttpRequestException e)
        {
            return (null, $"connection failed: {e.HttpRequestError}", true);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.TimeoutSeconds} s", true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "webhook {DeliveryId} for task {TaskId}: attempt {Attempt} answered {Status}, now {State}")]
    private partial void LogAttempt(string deliveryId, string taskId, int attempt, int? status, string state);

    /// <summary>Only the host: the callback URL's path and query may hold the receiver's own secrets.</summary>
    private static string ReceiverHost(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "(unparsable URL)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook {DeliveryId} for task {TaskId}: attempt {Attempt} to {Host} failed: {Reason}; now {State}")]
    private partial void LogAttemptFailed(string deliveryId, string taskId, int attempt, string host, string reason, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "webhook sender loop failed; retrying")]
    private partial void LogLoopFailed(Exception e);
}
