using Easel.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Easel.Engine.Channels;

/// <summary>
/// Writes this worker's view of its channels' breakers to the store, where <c>/admin/channels</c> on any node reads every
/// node's view: at once when it changes (seen every few seconds), and at least every <see cref="Heartbeat"/> so a view
/// that stops arriving shows its node has gone.
/// </summary>
public sealed partial class ChannelHealthPublisher(
    ChannelRouter router, IEaselStore store, TaskDispatcher dispatcher, TimeProvider clock, ILogger<ChannelHealthPublisher> log) : BackgroundService
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>A view older than this is no longer shown: its node has stopped or lost the database.</summary>
    public static readonly TimeSpan Freshness = 3 * Heartbeat;

    private static readonly TimeSpan Look = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (router.Upstreams.Count == 0)
        {
            return;
        }
        IReadOnlyList<ChannelHealth> published = [];
        var publishedAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(Look, clock);
        do
        {
            var now = router.Upstreams.Select(View).ToList();
            if (now.SequenceEqual(published) && clock.GetUtcNow() - publishedAt < Heartbeat)
            {
                continue;
            }
            try
            {
                await store.PublishChannelHealthAsync(dispatcher.NodeId, now, stoppingToken);
                (published, publishedAt) = (now, clock.GetUtcNow());
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(e);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    /// <summary>This node's live view of a channel's breaker.</summary>
    public static ChannelHealth View(Channel channel) =>
        new(channel.Name, channel.Breaker.State.ToWire(), channel.Breaker.ConsecutiveFailures, channel.Breaker.OpenUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not publish this node's channel health; retrying")]
    private partial void LogPublishFailed(Exception e);
}
