using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Easel.Client.Http;

/// <summary>
/// The client's retries (Polly, through Microsoft.Extensions.Http.Resilience): connection errors, 5xx, 408 and 429, with
/// <c>Retry-After</c> honoured. A POST is retried only when it carries an <c>Idempotency-Key</c>, so a retry cannot do the work
/// twice; a 409 on such a POST means the first attempt is still being answered, and is retried too.
/// </summary>
internal static class RetryPolicy
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Marks a POST as safe to retry: with <paramref name="key"/>, or a random one when null.</summary>
    public static HttpRequestMessage WithIdempotencyKey(this HttpRequestMessage request, string? key)
    {
        request.Headers.Add(IdempotencyHeader, key ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        return request;
    }

    public static HttpRetryStrategyOptions Options(EaselClientOptions options) => new()
    {
        MaxRetryAttempts = Math.Max(1, options.MaxRetries),
        Delay = options.RetryDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context, options.MaxRetryAfter)),
    };

    public static ResiliencePipeline<HttpResponseMessage> Pipeline(EaselClientOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(Options(options)).Build();

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter)
    {
        var request = context.GetRequestMessage();
        var keyed = request?.Headers.Contains(IdempotencyHeader) == true;
        if (request is not null && request.Method == HttpMethod.Post && !keyed)
        {
            return false;
        }
        if (outcome.Result is { } response)
        {
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                return keyed;
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests && ErrorReader.RetryAfter(response) > maxRetryAfter)
            {
                return false;
            }
        }
        return HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
