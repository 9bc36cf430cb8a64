namespace Easel.Client;

/// <summary>Where Easel is, the key to use, and how patient the client is.</summary>
public sealed class EaselClientOptions
{
    /// <summary>The server's base URL, such as <c>http://127.0.0.1:8080</c> (a path below it is kept).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key, <c>sk_live_…</c> or <c>sk_test_…</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How many times a request is retried after a connection error, a 5xx or a 429 (0 turns retries off). Submits are retried
    /// safely because each carries an <c>Idempotency-Key</c>; key creation, the only call that is not safe to repeat, is never retried.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; later ones back off exponentially, with jitter. A <c>Retry-After</c> header takes precedence.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>Retry-After</c> the client waits out; a longer one (a daily limit, say) is thrown at once as <see cref="EaselRateLimitedException"/>.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a wait polls the status when the event stream is not available.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take up to its answer's headers, retries included (a download's body and an event stream are not limited).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
