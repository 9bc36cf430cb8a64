using Dapper;

namespace Easel.Store;

public sealed partial class SqliteStore
{
    /// <summary>A claim that never reached its task (the process died first) is given up after this long.</summary>
    private static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromMinutes(2);

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct) =>
        WriteAsync<IdempotencyClaim>(async (c, tx) =>
        {
            var now = Now;
            var row = await c.QuerySingleOrDefaultAsync<IdempotencyRow>(new CommandDefinition(
                "SELECT request_hash, task_id, status, content_type, body, created_at FROM idempotency WHERE scope = @scope AND key = @key",
                new { scope, key }, tx, cancellationToken: ct));
            if (row is not null)
            {
                var abandoned = row.Status is null && row.TaskId is null && now - row.CreatedAt > AbandonedClaimAge.TotalMilliseconds;
                if (!abandoned)
                {
                    return row.RequestHash != requestHash ? new IdempotencyClaim.Mismatch()
                        : row.Status is { } status ? new IdempotencyClaim.Replay((int)status, row.ContentType ?? "application/json", row.Body ?? [])
                        : new IdempotencyClaim.InFlight();
                }
                await c.ExecuteAsync(new CommandDefinition("DELETE FROM idempotency WHERE scope = @scope AND key = @key", new { scope, key }, tx, cancellationToken: ct));
            }
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO idempotency (scope, key, request_hash, created_at) VALUES (@scope, @key, @requestHash, @now)",
                new { scope, key, requestHash, now }, tx, cancellationToken: ct));
            return new IdempotencyClaim.Proceed();
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
        public string? TaskId { get; init; }
        public long? Status { get; init; }
        public string? ContentType { get; init; }
        public byte[]? Body { get; init; }
        public long CreatedAt { get; init; }
    }
}
