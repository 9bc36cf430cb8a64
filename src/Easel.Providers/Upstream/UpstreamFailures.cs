using System.Net;
using System.Text.Json;
using Easel.Core;

namespace Easel.Providers.Upstream;

/// <summary>The one mapping of upstream trouble to outcomes (SPEC §10): what may go to another channel, and what the client is told.</summary>
public static class UpstreamFailures
{
    /// <summary>
    /// An upstream's error answer. Its 400-class refusals are the request's fault: the task fails with the upstream's message.
    /// 401/402/403 are the channel's own credential or balance, and 408/429/5xx are passing trouble: both go to the next channel.
    /// </summary>
    public static ProviderOutcome.Failed FromStatus(UpstreamSettings channel, HttpResponseMessage response, string? message, string? code, TimeSpan? retryAfter = null)
    {
        var status = (int)response.StatusCode;
        return status switch
        {
            401 or 403 => new($"{channel}: the upstream refused the channel's credentials (HTTP {status})", FailureCode.UpstreamAuth, Retryable: true),
            402 => new($"{channel}: the upstream account is out of balance (HTTP 402)", FailureCode.UpstreamBalance, Retryable: true),
            408 or 429 or >= 500 => new($"{channel}: the upstream is unavailable (HTTP {status})", status == 429 ? FailureCode.UpstreamRateLimited : FailureCode.UpstreamUnavailable, Retryable: true)
            {
                RetryAfter = retryAfter ?? RetryAfterOf(response),
            },
            _ => IsModeration(code, message)
                ? new(message ?? "the request was blocked by the upstream's content moderation", FailureCode.ModerationBlocked, Retryable: false)
                : new(message ?? $"the upstream rejected the request (HTTP {status})", FailureCode.UpstreamRejected, Retryable: false),
        };
    }

    /// <summary>A job the upstream accepted and then reported failed: the same request elsewhere would be paid for again.</summary>
    public static ProviderOutcome.Failed JobFailed(string? message, string? code) =>
        IsModeration(code, message)
            ? new(message ?? "the request was blocked by the upstream's content moderation", FailureCode.ModerationBlocked, Retryable: false)
            : new(message ?? code ?? "the upstream job failed", FailureCode.UpstreamFailed, Retryable: false);

    public static ProviderOutcome.Failed Timeout(UpstreamSettings channel) =>
        new($"{channel}: the upstream did not answer in time", FailureCode.UpstreamTimeout, Retryable: true);

    /// <summary>An async job accepted upstream that did not finish within the channel's poll ceiling.</summary>
    public static ProviderOutcome.Failed NeverFinished(UpstreamSettings channel) =>
        new($"{channel}: the upstream job did not finish within {channel.PollCeiling.TotalSeconds:0} s", FailureCode.UpstreamTimeout, Retryable: false);

    public static ProviderOutcome.Failed Unreachable(UpstreamSettings channel, HttpRequestException e) =>
        new($"{channel}: the upstream could not be reached ({e.HttpRequestError})", FailureCode.UpstreamUnreachable, Retryable: true);

    public static ProviderOutcome.Failed Unreadable(UpstreamSettings channel) =>
        new($"{channel}: the upstream's answer could not be read", FailureCode.UpstreamBadAnswer, Retryable: true);

    /// <summary>A result file that could not be downloaded: the job is done (and paid) upstream, so it is not sent elsewhere.</summary>
    public static ProviderOutcome.Failed DownloadFailed(UpstreamSettings channel, string why) =>
        new($"{channel}: the upstream's result could not be downloaded ({why})", FailureCode.UpstreamResultLost, Retryable: false);

    /// <summary>Runs one provider call, turning transport trouble, timeouts and unreadable answers into outcomes.</summary>
    public static async Task<ProviderOutcome> GuardAsync(UpstreamSettings channel, Func<Task<ProviderOutcome>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Timeout(channel);
        }
        catch (HttpRequestException e)
        {
            return Unreachable(channel, e);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or UnreadableImageException or NotSupportedException)
        {
            return Unreadable(channel);
        }
    }

    private static bool IsModeration(string? code, string? message) =>
        code is not null && (code.Contains("moderation", StringComparison.OrdinalIgnoreCase)
            || code.Contains("content_policy", StringComparison.OrdinalIgnoreCase)
            || code.Contains("safety", StringComparison.OrdinalIgnoreCase))
        || message is not null && message.Contains("safety system", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date && response.Headers.Date is { } now ? date - now : null);

    internal static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
