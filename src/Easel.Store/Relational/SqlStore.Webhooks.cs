using System.Data.Common;
using System.Security.Cryptography;
using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const string DeliveryColumns = "id, task_id, account_id, url, state, attempts, next_attempt_at, created_at, finished_at";

    /// <summary>Writes the outbox row of a task that has just ended, if it asked for a callback: same transaction as the end.</summary>
    private async Task QueueWebhookAsync(DbConnection c, DbTransaction tx, string taskId, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (id, task_id, account_id, url, state, attempts, next_attempt_at, created_at)
            SELECT @id, id, account_id, callback_url, 'pending', 0, @now, @now FROM tasks WHERE id = @taskId AND callback_url IS NOT NULL
            """, new { id = Core.Ids.New("msg_"), taskId, now = Now }, tx, cancellationToken: ct));

    public Task<WebhookSecrets> GetWebhookSecretsAsync(string accountId, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE accounts SET webhook_secret = @secret WHERE id = @accountId AND webhook_secret IS NULL",
                new { accountId, secret = NewWebhookSecret() }, tx, cancellationToken: ct));
            return await ReadSecretsAsync(c, tx, accountId, ct);
        }, ct);

    public Task<WebhookSecrets> RotateWebhookSecretAsync(string accountId, DateTimeOffset previousUntil, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE accounts SET webhook_secret_previous = webhook_secret, webhook_secret_previous_until = @until, webhook_secret = @secret
                WHERE id = @accountId
                """, new { accountId, secret = NewWebhookSecret(), until = previousUntil.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            return await ReadSecretsAsync(c, tx, accountId, ct);
        }, ct);

    public Task<IReadOnlyList<WebhookDelivery>> ClaimWebhookDeliveriesAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<WebhookDelivery>>(async (c, tx) => (await c.QueryAsync<DeliveryRow>(new CommandDefinition(
            $"""
            UPDATE webhook_deliveries SET lease_owner = @owner, lease_until = easel_now_ms() + @leaseMs
            WHERE id IN (
                SELECT id FROM webhook_deliveries
                WHERE state = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < easel_now_ms())
                ORDER BY next_attempt_at LIMIT @max{Sql.SkipLocked})
            RETURNING {DeliveryColumns}
            """, new { owner, now = now.ToUnixTimeMilliseconds(), leaseMs = (long)lease.TotalMilliseconds, max }, tx, cancellationToken: ct)))
            .OrderBy(r => r.NextAttemptAt).Select(r => r.ToDelivery()).ToList(), ct);

    public Task<bool> RecordWebhookAttemptAsync(
        string deliveryId, string owner, WebhookAttempt attempt, string state, DateTimeOffset? nextAttemptAt, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var updated = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, next_attempt_at = @next, lease_owner = NULL, lease_until = NULL,
                    finished_at = CASE WHEN @state = 'pending' THEN NULL ELSE @now END
                WHERE id = @deliveryId AND lease_owner = @owner AND state = 'pending'
                """, new { deliveryId, owner, state, next = nextAttemptAt?.ToUnixTimeMilliseconds(), now = Now }, tx, cancellationToken: ct));
            if (updated == 0)
            {
                return false;
            }
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO webhook_attempts (delivery_id, number, attempted_at, status_code, error, duration_ms)
                VALUES (@deliveryId, @Number, @at, @StatusCode, @Error, @DurationMs)
                """, new { deliveryId, attempt.Number, at = attempt.AttemptedAt.ToUnixTimeMilliseconds(), attempt.StatusCode, attempt.Error, attempt.DurationMs },
                tx, cancellationToken: ct));
            return true;
        }, ct, done => done);

    public Task<WebhookDelivery?> GetWebhookDeliveryAsync(string taskId, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
                $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE task_id = @taskId", new { taskId }, cancellationToken: ct));
            if (row is null)
            {
                return null;
            }
            var attempts = await c.QueryAsync<AttemptRow>(new CommandDefinition(
                "SELECT number, attempted_at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = @Id ORDER BY id",
                new { row.Id }, cancellationToken: ct));
            return row.ToDelivery() with { History = attempts.Select(a => a.ToAttempt()).ToList() };
        }, ct);

    public Task<RedeliverOutcome> RedeliverWebhookAsync(string taskId, string accountId, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var found = await c.QuerySingleOrDefaultAsync<CallbackRow>(new CommandDefinition(
                "SELECT state, callback_url FROM tasks WHERE id = @taskId AND account_id = @accountId", new { taskId, accountId }, tx, cancellationToken: ct));
            if (found is null)
            {
                return RedeliverOutcome.NotFound;
            }
            if (found.CallbackUrl is null)
            {
                return RedeliverOutcome.NoCallback;
            }
            if (found.State is "queued" or "running")
            {
                return RedeliverOutcome.NotEnded;
            }
            var requeued = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = @now, finished_at = NULL, lease_owner = NULL, lease_until = NULL
                WHERE task_id = @taskId AND state <> 'pending'
                """, new { taskId, now = Now }, tx, cancellationToken: ct));
            return requeued == 1 ? RedeliverOutcome.Queued : RedeliverOutcome.AlreadyPending;
        }, ct);

    private static string NewWebhookSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static async Task<WebhookSecrets> ReadSecretsAsync(DbConnection c, DbTransaction tx, string accountId, CancellationToken ct)
    {
        var row = await c.QuerySingleAsync<(string Current, string? Previous, long? PreviousUntil)>(new CommandDefinition(
            "SELECT webhook_secret, webhook_secret_previous, webhook_secret_previous_until FROM accounts WHERE id = @accountId",
            new { accountId }, tx, cancellationToken: ct));
        return new WebhookSecrets(row.Current, row.Previous, Time(row.PreviousUntil));
    }

    private sealed class CallbackRow
    {
        public string State { get; init; } = "";
        public string? CallbackUrl { get; init; }
    }

    private sealed class DeliveryRow
    {
        public string Id { get; init; } = "";
        public string TaskId { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string Url { get; init; } = "";
        public string State { get; init; } = "";
        public long Attempts { get; init; }
        public long? NextAttemptAt { get; init; }
        public long CreatedAt { get; init; }
        public long? FinishedAt { get; init; }

        public WebhookDelivery ToDelivery() =>
            new(Id, TaskId, AccountId, Url, State, (int)Attempts, Time(NextAttemptAt), Time(CreatedAt), Time(FinishedAt));
    }

    private sealed class AttemptRow
    {
        public string DeliveryId { get; init; } = "";
        public long Number { get; init; }
        public long AttemptedAt { get; init; }
        public long? StatusCode { get; init; }
        public string? Error { get; init; }
        public long DurationMs { get; init; }

        public WebhookAttempt ToAttempt() => new((int)Number, Time(AttemptedAt), (int?)StatusCode, Error, DurationMs);
    }
}
