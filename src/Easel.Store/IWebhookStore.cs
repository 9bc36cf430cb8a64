namespace Easel.Store;

/// <summary>The webhook outbox (rows written in the transaction that ends a task), its attempts, and the signing secrets.</summary>
public interface IWebhookStore
{
    /// <summary>The account's webhook secrets, creating the first one if the account has none yet.</summary>
    Task<WebhookSecrets> GetWebhookSecretsAsync(string accountId, CancellationToken ct);

    /// <summary>A new current secret; the old one keeps signing until <paramref name="previousUntil"/>.</summary>
    Task<WebhookSecrets> RotateWebhookSecretAsync(string accountId, DateTimeOffset previousUntil, CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> pending deliveries due by <paramref name="now"/> for <paramref name="lease"/> (on the database's clock).</summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimWebhookDeliveriesAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Records an attempt and the delivery's new state (pending again at <paramref name="nextAttemptAt"/>, or ended); false if the lease was lost.</summary>
    Task<bool> RecordWebhookAttemptAsync(string deliveryId, string owner, WebhookAttempt attempt, string state, DateTimeOffset? nextAttemptAt, CancellationToken ct);

    /// <summary>The task's delivery with its attempts, oldest first.</summary>
    Task<WebhookDelivery?> GetWebhookDeliveryAsync(string taskId, CancellationToken ct);

    /// <summary>The account's deliveries, newest first, each with its attempts; <paramref name="cursor"/> is a page's <c>NextCursor</c>.</summary>
    Task<Page<WebhookDelivery>> ListWebhookDeliveriesAsync(string accountId, int limit, string? cursor, CancellationToken ct);

    /// <summary>Queues the delivery of an ended task of the account again, now.</summary>
    Task<RedeliverOutcome> RedeliverWebhookAsync(string taskId, string accountId, CancellationToken ct);
}
