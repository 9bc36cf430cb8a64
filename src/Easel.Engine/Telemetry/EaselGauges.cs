using System.Diagnostics.Metrics;
using Easel.Engine.Channels;
using Easel.Store;

namespace Easel.Engine.Telemetry;

/// <summary>
/// Levels read when metrics are collected. The queue, the running tasks and the webhook backlog are the whole cluster's,
/// counted by the store (every node reports the same values: aggregate them with <c>max</c>, not <c>sum</c>) and read at
/// most once per <see cref="Freshness"/>; a breaker's state is this node's own view of its channel.
/// </summary>
public sealed class EaselGauges
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);
    private readonly IEaselStore _store;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private Backlog? _backlog;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public EaselGauges(EaselMetrics metrics, IEaselStore store, ChannelSet channels, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("easel.tasks.queued", () => Level(b => b.Queued), "{task}", "Tasks waiting for a worker, across the cluster");
        meter.CreateObservableGauge("easel.tasks.running", () => Level(b => b.Running), "{task}", "Tasks being run, across the cluster");
        meter.CreateObservableGauge("easel.webhooks.pending", () => Level(b => b.WebhooksPending), "{delivery}",
            "Webhook deliveries not yet delivered or given up, across the cluster");
        meter.CreateObservableGauge("easel.channel.breaker.state",
            () => channels.Upstreams.Select(c => new Measurement<int>(BreakerStates.Severity(c.Breaker.State.ToWire()), new KeyValuePair<string, object?>("channel", c.Name))),
            description: "This node's breaker for each channel: 0 closed, 1 half open (one trial call), 2 open (paused)");
    }

    private IEnumerable<Measurement<long>> Level(Func<Backlog, long> pick) =>
        Backlog() is { } backlog ? [new Measurement<long>(pick(backlog))] : [];

    /// <summary>Null when the store cannot be read now: the gauges then report nothing rather than a wrong zero.</summary>
    private Backlog? Backlog()
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (now - _readAt < Freshness)
            {
                return _backlog;
            }
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout);
                // Instrument callbacks are synchronous; the read is one indexed count, at most once per Freshness.
                _backlog = _store.GetBacklogAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _backlog = null;
            }
            _readAt = now;
            return _backlog;
        }
    }
}
