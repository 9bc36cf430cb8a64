using Easel.Core;

namespace Easel.Store;

/// <summary>
/// Everything Easel keeps. Every method that moves credits or changes a task's state does both in one transaction.
/// Implementations: <see cref="SqliteStore"/> (embedded default).
/// </summary>
public interface IEaselStore
{
    Task MigrateAsync(CancellationToken ct);

    Task<string?> GetSettingAsync(string name, CancellationToken ct);

    /// <summary>Stores the value unless one is there already; returns the value in force.</summary>
    Task<string> GetOrAddSettingAsync(string name, string value, CancellationToken ct);

    Task SetSettingAsync(string name, string value, CancellationToken ct);

    Task<Account> CreateAccountAsync(string name, CancellationToken ct);

    Task<Account?> GetAccountAsync(string accountId, CancellationToken ct);

    Task<Page<Account>> ListAccountsAsync(int limit, string? cursor, CancellationToken ct);

    /// <summary>Adds (or, negative, removes) credits; a debit may not take more than the account has free.</summary>
    Task<GrantOutcome> GrantAsync(string accountId, long amount, string? reason, CancellationToken ct);

    /// <summary>Free images per day and the default key limits; null if there is no such account.</summary>
    Task<Account?> UpdateAccountSettingsAsync(string accountId, AccountSettings settings, CancellationToken ct);

    /// <summary>The account's ledger, oldest first, after the entry id <paramref name="afterId"/>.</summary>
    Task<Page<LedgerEntry>> GetLedgerAsync(string accountId, int limit, long? afterId, CancellationToken ct);

    Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(string accountId, string name, KeyRole role, KeyMode mode, KeyLimits limits, CancellationToken ct);

    Task<ApiKey?> GetApiKeyAsync(string keyId, CancellationToken ct);

    Task<Page<ApiKey>> ListApiKeysAsync(string accountId, int limit, string? cursor, CancellationToken ct);

    Task<ApiKey?> SetApiKeyLimitsAsync(string keyId, KeyLimits limits, CancellationToken ct);

    Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken ct);

    Task<Caller?> FindCallerAsync(string secretHash, CancellationToken ct);

    /// <summary>Reserves credits and writes the task (and links the idempotency row, when given) in one transaction.</summary>
    Task<SubmitOutcome> SubmitTaskAsync(NewTask task, (string Scope, string Key)? idempotency, CancellationToken ct);

    Task<TaskRecord?> GetTaskAsync(string taskId, CancellationToken ct);

    /// <summary>The neutral request a task was submitted with.</summary>
    Task<GenerationRequest?> GetTaskRequestAsync(string taskId, CancellationToken ct);

    Task<Page<TaskRecord>> ListTasksAsync(string? accountId, IReadOnlyCollection<TaskState>? states, int limit, string? cursor, CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> queued tasks, or running ones whose lease has expired, to <paramref name="owner"/>.</summary>
    Task<IReadOnlyList<ClaimedTask>> ClaimTasksAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken ct);

    Task<bool> RenewLeaseAsync(string taskId, string owner, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Records (or with a null mark, clears) the task's upstream call; false if the lease was lost or the task ended.</summary>
    Task<bool> MarkUpstreamAsync(string taskId, string owner, UpstreamMark? mark, CancellationToken ct);

    /// <summary>running → succeeded, files recorded, captured at the resolved price and the rest released; false if the lease was lost or the task ended.</summary>
    Task<bool> CompleteTaskAsync(string taskId, string owner, IReadOnlyList<NewFile> files, Quality resolved, long capture, CancellationToken ct);

    /// <summary>queued/running → failed with everything released. A null owner fails it whoever holds it.</summary>
    Task<bool> FailTaskAsync(string taskId, string? owner, string code, string message, CancellationToken ct);

    Task<CancelOutcome> CancelTaskAsync(string taskId, string accountId, CancellationToken ct);

    /// <summary>The account's webhook secrets, creating the first one if the account has none yet.</summary>
    Task<WebhookSecrets> GetWebhookSecretsAsync(string accountId, CancellationToken ct);

    /// <summary>A new current secret; the old one keeps signing until <paramref name="previousUntil"/>.</summary>
    Task<WebhookSecrets> RotateWebhookSecretAsync(string accountId, DateTimeOffset previousUntil, CancellationToken ct);

    /// <summary>Leases up to <paramref name="max"/> pending deliveries that are due.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimWebhookDeliveriesAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken ct);

    /// <summary>Records an attempt and the delivery's new state (pending again at <paramref name="nextAttemptAt"/>, or ended); false if the lease was lost.</summary>
    Task<bool> RecordWebhookAttemptAsync(string deliveryId, string owner, WebhookAttempt attempt, string state, DateTimeOffset? nextAttemptAt, CancellationToken ct);

    /// <summary>The task's delivery with its attempts, oldest first.</summary>
    Task<WebhookDelivery?> GetWebhookDeliveryAsync(string taskId, CancellationToken ct);

    /// <summary>Queues the delivery of an ended task of the account again, now.</summary>
    Task<RedeliverOutcome> RedeliverWebhookAsync(string taskId, string accountId, CancellationToken ct);

    Task<StoredFile?> GetFileAsync(string fileId, CancellationToken ct);

    Task<IReadOnlyList<StoredFile>> GetExpiredFilesAsync(DateTimeOffset now, int max, CancellationToken ct);

    Task MarkFileDeletedAsync(string fileId, CancellationToken ct);

    /// <summary>Records uploaded images whose bytes are already in blob storage.</summary>
    Task AddInputImagesAsync(string accountId, IReadOnlyList<InputImage> images, CancellationToken ct);

    Task<IReadOnlyList<InputImage>> GetExpiredInputImagesAsync(DateTimeOffset now, int max, CancellationToken ct);

    Task DeleteInputImagesAsync(IReadOnlyList<string> ids, CancellationToken ct);

    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct);

    Task CompleteIdempotencyKeyAsync(string scope, string key, int status, string contentType, byte[] body, CancellationToken ct);

    Task AbandonIdempotencyKeyAsync(string scope, string key, CancellationToken ct);

    Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}
