namespace Easel.Store;

/// <summary><c>Idempotency-Key</c> rows: claimed before a submit, completed with the answer, abandoned on an error.</summary>
public interface IIdempotencyStore
{
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct);

    Task CompleteIdempotencyKeyAsync(string scope, string key, int status, string contentType, byte[] body, CancellationToken ct);

    Task AbandonIdempotencyKeyAsync(string scope, string key, CancellationToken ct);

    Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}
