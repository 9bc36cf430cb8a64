using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    public Task<Page<WebhookDelivery>> ListWebhookDeliveriesAsync(string accountId, int limit, string? cursor, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var (beforeCreated, beforeId) = DecodeTaskCursor(cursor);
            var after = beforeId is null ? "" : "AND (created_at < @beforeCreated OR (created_at = @beforeCreated AND id < @beforeId))";
            var rows = (await c.QueryAsync<DeliveryRow>(new CommandDefinition(
                $"""
                SELECT {DeliveryColumns} FROM webhook_deliveries WHERE account_id = @accountId {after}
                ORDER BY created_at DESC, id DESC LIMIT @take
                """, new { accountId, beforeCreated, beforeId, take = limit + 1 }, cancellationToken: ct))).ToList();
            var page = Paged(rows, limit, r => EncodeTaskCursor(r.CreatedAt, r.Id));
            var ids = page.Items.Select(r => r.Id).ToArray();
            var attempts = ids.Length == 0 ? [] : await c.QueryAsync<AttemptRow>(new CommandDefinition(
                $"""
                SELECT delivery_id, number, attempted_at, status_code, error, duration_ms FROM webhook_attempts
                WHERE delivery_id {Sql.AnyOf("ids")} ORDER BY id
                """, new { ids }, cancellationToken: ct));
            var history = attempts.ToLookup(a => a.DeliveryId, StringComparer.Ordinal);
            return new Page<WebhookDelivery>(
                page.Items.Select(r => r.ToDelivery() with { History = history[r.Id].Select(a => a.ToAttempt()).ToList() }).ToList(), page.NextCursor);
        }, ct);
}
