namespace Easel.Store;

public static class WebhookStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Given up: the receiver answered 410, a status that is not retried, or the retries ran out.</summary>
    public const string Failed = "failed";
}

/// <summary>One task's callback: a durable outbox row, sent until delivered or given up.</summary>
public sealed record WebhookDelivery(
    string Id,
    string TaskId,
    string AccountId,
    string Url,
    string State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public IReadOnlyList<WebhookAttempt> History { get; init; } = [];
}

public sealed record WebhookAttempt(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, long DurationMs);

/// <summary>The secret that signs an account's webhooks, and during a rotation's grace period the one before it.</summary>
public sealed record WebhookSecrets(string Current, string? Previous, DateTimeOffset? PreviousUntil)
{
    public IEnumerable<string> SigningAt(DateTimeOffset now) =>
        Previous is not null && PreviousUntil > now ? [Current, Previous] : [Current];
}

public enum RedeliverOutcome
{
    Queued,
    NotFound,
    NoCallback,
    NotEnded,
    AlreadyPending,
}
