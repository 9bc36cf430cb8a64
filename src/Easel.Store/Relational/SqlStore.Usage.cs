using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    public Task<IReadOnlyList<UsageDay>> GetDailyUsageAsync(string accountId, int days, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<UsageDay>>(async c =>
        {
            var first = Today - days + 1;
            var args = new { accountId, from = first * DayMs };
            var credits = (await c.QueryAsync<(long Day, long Credits)>(new CommandDefinition(
                $"""
                SELECT created_at / {DayMs}, CAST(SUM(amount) AS BIGINT) FROM ledger
                WHERE account_id = @accountId AND kind = '{LedgerKinds.Capture}' AND created_at >= @from
                GROUP BY created_at / {DayMs}
                """, args, cancellationToken: ct))).ToDictionary(r => r.Day, r => r.Credits);
            // A task's files are written in the transaction that makes it succeed: one row an image, at that moment.
            var images = (await c.QueryAsync<(long Day, long Images)>(new CommandDefinition(
                $"""
                SELECT f.created_at / {DayMs}, COUNT(*) FROM files f JOIN tasks t ON t.id = f.task_id
                WHERE f.account_id = @accountId AND f.created_at >= @from AND t.test = 0
                GROUP BY f.created_at / {DayMs}
                """, args, cancellationToken: ct))).ToDictionary(r => r.Day, r => r.Images);
            var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
            return Enumerable.Range(0, days).Select(i => first + i).Select(day => new UsageDay(
                DateOnly.FromDayNumber(epoch + (int)day), credits.GetValueOrDefault(day), (int)images.GetValueOrDefault(day))).ToList();
        }, ct);
}
