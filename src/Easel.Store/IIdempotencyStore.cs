namespace Easel.Store;

/// <summary>
/// <c>Idempotency-Key</c> rows: claimed (by the submit that writes a task, in its transaction, or on its own before other
/// work), completed with the answer, abandoned on an error.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key for work that is not a task submit (a grant): <see cref="IdempotencyClaim.Proceed"/> if it is free.</summary>
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct);

    /// <summary>What an earlier request with the key says, without claiming it: <see cref="IdempotencyClaim.Proceed"/> if there is none.</summary>
    Task<IdempotencyClaim> FindIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct);

    Task CompleteIdempotencyKeyAsync(string scope, string key, int status, string contentType, byte[] body, CancellationToken ct);

    Task AbandonIdempotencyKeyAsync(string scope, string key, CancellationToken ct);

    Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}
