using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>The secret that signs the account's webhooks; give it to <see cref="WebhookVerifier"/>.</summary>
public sealed record WebhookSecret
{
    /// <summary>The secret, <c>whsec_…</c>.</summary>
    [JsonPropertyName("secret")]
    public required string Secret { get; init; }

    /// <summary>After a rotation: until when the previous secret also signs.</summary>
    [JsonPropertyName("previous_secret_valid_until")]
    public DateTimeOffset? PreviousSecretValidUntil { get; init; }
}

/// <summary>A task's webhook: where it goes, whether it arrived, and every attempt.</summary>
public sealed record WebhookDelivery
{
    /// <summary>The <c>webhook-id</c> header, stable across retries.</summary>
    [JsonPropertyName("webhook_id")]
    public required string WebhookId { get; init; }

    /// <summary>The task it reports.</summary>
    [JsonPropertyName("task_id")]
    public string TaskId { get; init; } = "";

    /// <summary>The task's <c>callback_url</c>.</summary>
    [JsonPropertyName("url")]
    public string Url { get; init; } = "";

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
    [JsonPropertyName("state")]
    public string State { get; init; } = "";

    /// <summary>How many attempts were made.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>When the next attempt is due, while pending.</summary>
    [JsonPropertyName("next_attempt_at")]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the webhook was queued.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was delivered or given up.</summary>
    [JsonPropertyName("finished_at")]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Each attempt, first first.</summary>
    [JsonPropertyName("history")]
    public IReadOnlyList<WebhookAttempt> History { get; init; } = [];
}

/// <summary>One attempt to deliver a webhook.</summary>
public sealed record WebhookAttempt
{
    /// <summary>1 for the first attempt.</summary>
    [JsonPropertyName("number")]
    public int Number { get; init; }

    /// <summary>When it was made.</summary>
    [JsonPropertyName("attempted_at")]
    public DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The receiver's HTTP status; null when no answer came.</summary>
    [JsonPropertyName("status_code")]
    public int? StatusCode { get; init; }

    /// <summary>What went wrong, if anything.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>How long it took, in milliseconds.</summary>
    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; init; }
}
