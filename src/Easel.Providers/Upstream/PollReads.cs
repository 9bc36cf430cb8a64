using System.Text.Json.Serialization.Metadata;
using Easel.Core;

namespace Easel.Providers.Upstream;

/// <summary>One status read of an upstream job already paid for.</summary>
public static class PollReads
{
    /// <summary>
    /// The answer; (null, null) on passing trouble (408/429/5xx: ask again later, as failing over would pay for the job twice);
    /// a failure when the upstream refuses to tell (the job is lost).
    /// </summary>
    public static async Task<(T? Answer, ProviderOutcome.Failed? Failure)> ReadAsync<T>(
        UpstreamHttp http, HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        using var response = await http.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            return (null, null);
        }
        if (status is < 200 or >= 300)
        {
            return (null, new ProviderOutcome.Failed($"{http.Channel}: the upstream lost the job (HTTP {status})", FailureCode.UpstreamFailed, Retryable: false));
        }
        return (await UpstreamHttp.ReadSmallAsync(response, type, ct), null);
    }
}
