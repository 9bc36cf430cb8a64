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

    Task<IReadOnlyList<LedgerEntry>> GetLedgerAsync(string accountId, CancellationToken ct);

    Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(string accountId, string name, KeyRole role, KeyMode mode, CancellationToken ct);

    Task<ApiKey?> GetApiKeyAsync(string keyId, CancellationToken ct);

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

    /// <summary>running → succeeded, files recorded, captured at the resolved price and the rest released; false if the lease was lost or the task ended.</summary>
    Task<bool> CompleteTaskAsync(string taskId, string owner, IReadOnlyList<NewFile> files, long capture, CancellationToken ct);

    /// <summary>queued/running → failed with everything released. A null owner fails it whoever holds it.</summary>
    Task<bool> FailTaskAsync(string taskId, string? owner, string code, string message, CancellationToken ct);

    Task<CancelOutcome> CancelTaskAsync(string taskId, string accountId, CancellationToken ct);

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
