using System.Data.Common;
using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    /// <summary>A claim that never reached its task (the process died first) is given up after this long.</summary>
    private static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromMinutes(2);

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct) =>
        WriteAsync<IdempotencyClaim>(async (c, tx) => await ClaimIdempotencyKeyAsync(c, tx, new IdempotencyLink(scope, key, requestHash), null, ct)
            ? new IdempotencyClaim.Proceed()
            : await EarlierClaimAsync(c, tx, scope, key, requestHash, ct), ct);

    public Task<IdempotencyClaim> FindIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct) =>
        ReadAsync(async c => await EarlierClaimAsync(c, null, scope, key, requestHash, ct, abandonedBefore: Now - (long)AbandonedClaimAge.TotalMilliseconds), ct);

    /// <summary>
    /// One statement decides, whoever else claims the key at the same moment: a new row, or the takeover of an abandoned
    /// one. With <paramref name="taskId"/>, the claim is made by the submit that writes that task.
    /// </summary>
    private async Task<bool> ClaimIdempotencyKeyAsync(DbConnection c, DbTransaction tx, IdempotencyLink link, string? taskId, CancellationToken ct)
    {
        var now = Now;
        return await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency (scope, key, request_hash, task_id, created_at) VALUES (@Scope, @Key, @RequestHash, @taskId, @now)
            ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, task_id = excluded.task_id, created_at = excluded.created_at
            WHERE idempotency.status IS NULL AND idempotency.task_id IS NULL AND idempotency.created_at < @abandonedBefore
            """,
            new { link.Scope, link.Key, link.RequestHash, taskId, now, abandonedBefore = now - (long)AbandonedClaimAge.TotalMilliseconds },
            tx, cancellationToken: ct)) == 1;
    }

    /// <summary>What an earlier request with the key says now; with <paramref name="abandonedBefore"/>, a claim older than that counts as none.</summary>
    private static async Task<IdempotencyClaim> EarlierClaimAsync(
        DbConnection c, DbTransaction? tx, string scope, string key, string requestHash, CancellationToken ct, long? abandonedBefore = null)
    {
        var row = await c.QuerySingleOrDefaultAsync<IdempotencyRow>(new CommandDefinition(
            "SELECT request_hash, task_id, status, content_type, body, created_at FROM idempotency WHERE scope = @scope AND key = @key",
            new { scope, key }, tx, cancellationToken: ct));
        if (row is null || (row.Status is null && row.TaskId is null && row.CreatedAt < abandonedBefore))
        {
            return new IdempotencyClaim.Proceed();
        }
        return row.RequestHash != requestHash ? new IdempotencyClaim.Mismatch()
            : row.Status is { } status ? new IdempotencyClaim.Replay((int)status, row.ContentType ?? "application/json", row.Body ?? [])
            : new IdempotencyClaim.InFlight();
    }

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
        public long CreatedAt { get; init; }
        public long? Status { get; init; }
        public string? ContentType { get; init; }
        public byte[]? Body { get; init; }
    }
}
