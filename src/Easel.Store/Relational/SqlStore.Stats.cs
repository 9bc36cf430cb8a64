using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const int MinutesShown = 60;

    public Task<Backlog> GetBacklogAsync(CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var (queued, running, webhooks) = await c.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
                """
                SELECT (SELECT COUNT(*) FROM tasks WHERE state = 'queued'), (SELECT COUNT(*) FROM tasks WHERE state = 'running'),
                       (SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending')
                """, cancellationToken: ct));
            return new Backlog(queued, running, webhooks);
        }, ct);

    public Task<QueueStats> GetQueueStatsAsync(CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var active = (await c.QueryAsync<(string State, long Count)>(new CommandDefinition(
                "SELECT state, COUNT(*) FROM tasks WHERE state IN ('queued', 'running') GROUP BY state", cancellationToken: ct)))
                .ToDictionary(r => r.State, r => (int)r.Count, StringComparer.Ordinal);
            var first = Now / MinuteMs - MinutesShown + 1;
            var ended = (await c.QueryAsync<(long Minute, string State, long Count)>(new CommandDefinition(
                $"""
                SELECT finished_at / {MinuteMs}, state, COUNT(*) FROM tasks WHERE finished_at >= @from
                GROUP BY finished_at / {MinuteMs}, state
                """, new { from = first * MinuteMs }, cancellationToken: ct)))
                .ToDictionary(r => (r.Minute, r.State), r => (int)r.Count);
            int Ended(long minute, string state) => ended.GetValueOrDefault((minute, state));
            var minutes = Enumerable.Range(0, MinutesShown).Select(i => first + i).Select(m => new QueueMinute(
                Time(m * MinuteMs), Ended(m, "succeeded"), Ended(m, "failed"), Ended(m, "canceled"))).ToList();
            return new QueueStats(active.GetValueOrDefault("queued"), active.GetValueOrDefault("running"), minutes);
        }, ct);
}
