using Easel.Core;

namespace Easel.Store;

/// <summary>
/// Tasks and the credits they hold. Leases are measured on the database's clock, so nodes whose clocks disagree still
/// agree on when a lease has run out.
/// </summary>
public interface ITaskStore
{
    /// <summary>
    /// Holds the request to the key's limits, takes free images, reserves credits and writes the task (and links the
    /// idempotency row, when given) in one transaction: all or nothing.
    /// </summary>
    Task<SubmitOutcome> SubmitTaskAsync(NewTask task, IdempotencyLink? idempotency, CancellationToken ct);

    Task<TaskRecord?> GetTaskAsync(string taskId, CancellationToken ct);

    /// <summary>The neutral request a task was submitted with.</summary>
    Task<GenerationRequest?> GetTaskRequestAsync(string taskId, CancellationToken ct);

    /// <summary>The requests of those of <paramref name="taskIds"/> that exist, by task id, in one read.</summary>
    Task<IReadOnlyDictionary<string, GenerationRequest>> GetTaskRequestsAsync(IReadOnlyCollection<string> taskIds, CancellationToken ct);

    Task<Page<TaskRecord>> ListTasksAsync(string? accountId, IReadOnlyCollection<TaskState>? states, int limit, string? cursor, CancellationToken ct);

    /// <summary>
    /// Leases up to <paramref name="max"/> queued tasks, or running ones whose lease has expired, to <paramref name="owner"/>
    /// for <paramref name="lease"/>, oldest first. Parallel claimers never get the same task.
    /// </summary>
    Task<IReadOnlyList<ClaimedTask>> ClaimTasksAsync(string owner, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Extends the owner's lease to <paramref name="lease"/> from now; false if the lease was lost or the task ended.</summary>
    Task<bool> RenewLeaseAsync(string taskId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Records (or with a null mark, clears) the task's upstream call; false if the lease was lost or the task ended.</summary>
    Task<bool> MarkUpstreamAsync(string taskId, string owner, UpstreamMark? mark, CancellationToken ct);

    /// <summary>
    /// running → succeeded, its images recorded as files kept until <paramref name="filesExpireAt"/>, captured at the resolved
    /// price and the rest released; false if the lease was lost or the task ended.
    /// </summary>
    Task<bool> CompleteTaskAsync(
        string taskId, string owner, IReadOnlyList<GeneratedImage> images, DateTimeOffset filesExpireAt, Quality resolved, long capture, CancellationToken ct);

    /// <summary>queued/running → failed with everything released. A null owner fails it whoever holds it.</summary>
    Task<bool> FailTaskAsync(string taskId, string? owner, FailureCode code, string message, CancellationToken ct);

    Task<CancelOutcome> CancelTaskAsync(string taskId, string accountId, CancellationToken ct);
}
