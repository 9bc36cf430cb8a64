using System.Data.Common;
using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const long MinuteMs = 60_000;

    public Task<int?> TakeRequestAsync(string keyId, int perMinute, CancellationToken ct) =>
        WriteAsync<int?>(async (c, tx) =>
        {
            // GCRA: each request moves the key's next free moment on by one interval; up to a minute's worth may be ahead of now.
            var interval = Math.Max(1, MinuteMs / perMinute);
            var tolerance = MinuteMs - interval;
            var taken = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO key_rates (key_id, next_free) VALUES (@keyId, easel_now_ms() + @interval)
                ON CONFLICT (key_id) DO UPDATE
                SET next_free = CASE WHEN key_rates.next_free > easel_now_ms() THEN key_rates.next_free ELSE easel_now_ms() END + @interval
                WHERE key_rates.next_free - easel_now_ms() <= @tolerance
                """, new { keyId, interval, tolerance }, tx, cancellationToken: ct));
            if (taken == 1)
            {
                return null;
            }
            var ahead = await c.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT next_free - easel_now_ms() FROM key_rates WHERE key_id = @keyId", new { keyId }, tx, cancellationToken: ct));
            return (int)Math.Max(1, Math.Ceiling((ahead - tolerance) / 1000.0));
        }, ct);

    public Task<ChannelEntry> EnterChannelAsync(
        string taskId, string owner, string channel, int maxConcurrency, UpstreamMark? mark, TimeSpan lease, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var leaseMs = (long)lease.TotalMilliseconds;
            var fence = mark is null
                ? "SELECT COUNT(*) FROM tasks WHERE id = @taskId AND state = 'running' AND lease_owner = @owner"
                : """
                  UPDATE tasks SET upstream_channel = @markChannel, upstream_task_id = @upstreamTaskId
                  WHERE id = @taskId AND state = 'running' AND lease_owner = @owner
                  """;
            var fenceArgs = new { taskId, owner, markChannel = mark?.Channel, upstreamTaskId = mark?.UpstreamTaskId };
            var running = mark is null
                ? await c.ExecuteScalarAsync<long>(new CommandDefinition(fence, fenceArgs, tx, cancellationToken: ct))
                : await c.ExecuteAsync(new CommandDefinition(fence, fenceArgs, tx, cancellationToken: ct));
            if (running == 0)
            {
                return ChannelEntry.LeaseLost;
            }
            var args = new { taskId, owner, channel, max = maxConcurrency, leaseMs };
            if (await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE channel_slots SET owner = @owner, held_until = easel_now_ms() + @leaseMs
                WHERE channel = @channel AND task_id = @taskId AND slot < @max
                """, args, tx, cancellationToken: ct)) == 1)
            {
                return ChannelEntry.Entered;
            }
            await ReleaseChannelSlotAsync(c, tx, taskId, ct);
            var taken = await c.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE channel_slots SET task_id = @taskId, owner = @owner, held_until = easel_now_ms() + @leaseMs
                WHERE channel = @channel AND slot = (
                    SELECT slot FROM channel_slots
                    WHERE channel = @channel AND slot < @max AND (task_id IS NULL OR held_until < easel_now_ms())
                    ORDER BY slot LIMIT 1{Sql.SkipLocked})
                """, args, tx, cancellationToken: ct));
            // Slots are made as they are first needed; of two nodes making the same one, the second finds it taken.
            taken = taken == 1 ? 1 : await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO channel_slots (channel, slot, task_id, owner, held_until)
                SELECT @channel, COALESCE(MAX(slot) + 1, 0), @taskId, @owner, easel_now_ms() + @leaseMs FROM channel_slots WHERE channel = @channel
                HAVING COALESCE(MAX(slot) + 1, 0) < @max
                ON CONFLICT (channel, slot) DO NOTHING
                """, args, tx, cancellationToken: ct));
            return taken == 1 ? ChannelEntry.Entered : ChannelEntry.Full;
        }, ct, entry => entry != ChannelEntry.LeaseLost);

    public Task<IReadOnlyDictionary<string, int>> GetChannelsInFlightAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyDictionary<string, int>>(async c => (await c.QueryAsync<(string Channel, long Held)>(new CommandDefinition(
            """
            SELECT channel, COUNT(*) FROM channel_slots WHERE task_id IS NOT NULL AND held_until >= easel_now_ms() GROUP BY channel
            """, cancellationToken: ct))).ToDictionary(r => r.Channel, r => (int)r.Held, StringComparer.Ordinal), ct);

    public Task PublishChannelHealthAsync(string node, IReadOnlyList<ChannelHealth> views, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO channel_health (node, channel, breaker, consecutive_failures, open_until, seen_at)
            VALUES (@node, @Channel, @Breaker, @ConsecutiveFailures, @openUntil, easel_now_ms())
            ON CONFLICT (node, channel) DO UPDATE SET breaker = excluded.breaker, consecutive_failures = excluded.consecutive_failures,
                open_until = excluded.open_until, seen_at = excluded.seen_at
            """,
            views.Select(v => new { node, v.Channel, v.Breaker, v.ConsecutiveFailures, openUntil = v.OpenUntil?.ToUnixTimeMilliseconds() }),
            tx, cancellationToken: ct)), ct);

    public Task<IReadOnlyList<NodeChannelHealth>> GetChannelHealthAsync(TimeSpan freshness, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<NodeChannelHealth>>(async c => (await c.QueryAsync<HealthRow>(new CommandDefinition(
            """
            SELECT node, channel, breaker, consecutive_failures, open_until, seen_at FROM channel_health
            WHERE seen_at >= easel_now_ms() - @freshMs ORDER BY channel, node
            """, new { freshMs = (long)freshness.TotalMilliseconds }, cancellationToken: ct)))
            .Select(r => new NodeChannelHealth(r.Node, new ChannelHealth(r.Channel, r.Breaker, (int)r.ConsecutiveFailures, Time(r.OpenUntil)), Time(r.SeenAt)))
            .ToList(), ct);

    public Task<bool> HoldNodeLeaseAsync(string name, string owner, TimeSpan lease, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO node_leases (name, owner, held_until) VALUES (@name, @owner, easel_now_ms() + @leaseMs)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, held_until = excluded.held_until
            WHERE node_leases.owner = @owner OR node_leases.held_until < easel_now_ms()
            """, new { name, owner, leaseMs = (long)lease.TotalMilliseconds }, tx, cancellationToken: ct)) == 1, ct);

    public Task PruneLimitsAsync(TimeSpan staleAfter, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM key_rates WHERE next_free < easel_now_ms()", transaction: tx, cancellationToken: ct));
            return await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM channel_health WHERE seen_at < easel_now_ms() - @staleMs",
                new { staleMs = (long)staleAfter.TotalMilliseconds }, tx, cancellationToken: ct));
        }, ct);

    /// <summary>A task that ends, or moves to another channel, gives up the slot it holds.</summary>
    private static Task ReleaseChannelSlotAsync(DbConnection c, DbTransaction tx, string taskId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE channel_slots SET task_id = NULL, owner = NULL, held_until = 0 WHERE task_id = @taskId", new { taskId }, tx, cancellationToken: ct));

    private sealed class HealthRow
    {
        public string Node { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Breaker { get; init; } = "";
        public long ConsecutiveFailures { get; init; }
        public long? OpenUntil { get; init; }
        public long SeenAt { get; init; }
    }
}
