using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    /// <summary>A claim that never reached its task (the process died first) is given up after this long.</summary>
    private static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromMinutes(2);

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct) =>
        WriteAsync<IdempotencyClaim>(async (c, tx) =>
        {
            var now = Now;
            // One statement decides, whoever else claims the key at the same moment: a new row, or the takeover of an abandoned one.
            var claimed = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO idempotency (scope, key, request_hash, created_at) VALUES (@scope, @key, @requestHash, @now)
                ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at
                WHERE idempotency.status IS NULL AND idempotency.task_id IS NULL AND idempotency.created_at < @abandonedBefore
                """, new { scope, key, requestHash, now, abandonedBefore = now - (long)AbandonedClaimAge.TotalMilliseconds }, tx, cancellationToken: ct));
            if (claimed == 1)
            {
                return new IdempotencyClaim.Proceed();
            }
            var row = await c.QuerySingleAsync<IdempotencyRow>(new CommandDefinition(
                "SELECT request_hash, status, content_type, body FROM idempotency WHERE scope = @scope AND key = @key",
                new { scope, key }, tx, cancellationToken: ct));
            return row.RequestHash != requestHash ? new IdempotencyClaim.Mismatch()
                : row.Status is { } status ? new IdempotencyClaim.Replay((int)status, row.ContentType ?? "application/json", row.Body ?? [])
                : new IdempotencyClaim.InFlight();
        }, ct);

    public Task CompleteIdempotencyKeyAsync(string scope, string key, int status, string contentType, byte[] body, CancellationToken ct) =>
        WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE idempotency SET status = @status, content_type = @contentType, body = @body WHERE scope = @scope AND key = @key",
            new { scope, key, status, contentType, body }, tx, cancellationToken: ct)), ct);

    public Task AbandonIdempotencyKeyAsync(string scope, string key, CancellationToken ct) =>
        WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency WHERE scope = @scope AND key = @key AND status IS NULL", new { scope, key }, tx, cancellationToken: ct)), ct);

    public Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, CancellationToken ct) =>
        WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency WHERE created_at < @cutoff", new { cutoff = cutoff.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)), ct);

    private sealed class IdempotencyRow
    {
        public string RequestHash { get; init; } = "";
        public long? Status { get; init; }
        public string? ContentType { get; init; }
        public byte[]? Body { get; init; }
    }
}
