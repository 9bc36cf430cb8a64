using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Engine.Channels;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Store;

namespace Easel.Server.Admin;

/// <summary><c>GET /admin/channels</c>: one shared view of the cluster's channels, whichever node answers.</summary>
public static class AdminChannels
{
    public static async Task<IResult> ListAsync(ChannelRouter router, IEaselStore store, TimeProvider clock, HttpContext http)
    {
        if (router.Upstreams.Count == 0)
        {
            IReadOnlyList<AdminChannel> sandbox =
                [new("sandbox", ChannelTypes.Sandbox, [GenerationModels.GenerateName, GenerationModels.EditName], true, 0, 1, 0, 0, "closed", 0, null, [])];
            return Json(sandbox);
        }
        var ct = http.RequestAborted;
        var inFlight = await store.GetChannelsInFlightAsync(ct);
        var views = (await store.GetChannelHealthAsync(ChannelHealthPublisher.Freshness, ct)).ToList();
        if (http.RequestServices.GetService<TaskDispatcher>() is { } local)
        {
            // This node's own view is read live rather than as last published.
            views.RemoveAll(v => v.Node == local.NodeId);
            views.AddRange(router.Upstreams.Select(c => new NodeChannelHealth(local.NodeId, ChannelHealthPublisher.View(c), clock.GetUtcNow())));
        }
        return Json(router.Upstreams.Select(c => Render(c, inFlight.GetValueOrDefault(c.Name), views.Where(v => v.Health.Channel == c.Name).ToList())).ToList());
    }

    private static AdminChannel Render(Channel channel, int inFlight, IReadOnlyList<NodeChannelHealth> views)
    {
        var nodes = views.OrderBy(v => v.Node, StringComparer.Ordinal)
            .Select(v => new AdminChannelNode(v.Node, v.Health.Breaker, v.Health.ConsecutiveFailures, Time(v.Health.OpenUntil), UnifiedReplies.Time(v.SeenAt)))
            .ToList();
        var worst = views.Select(v => v.Health).OrderByDescending(h => BreakerStates.Severity(h.Breaker)).ThenByDescending(h => h.ConsecutiveFailures).FirstOrDefault();
        var breaker = worst?.Breaker ?? BreakerState.Closed.ToWire();
        var o = channel.Options;
        return new AdminChannel(
            channel.Name, o.Type, o.ServedModels.Select(m => m.ToWire()).ToList(), breaker == BreakerState.Closed.ToWire(), o.Priority, o.Weight,
            o.MaxConcurrency, inFlight, breaker, worst?.ConsecutiveFailures ?? 0, Time(worst?.OpenUntil), nodes);
    }

    private static string? Time(DateTimeOffset? at) => at is { } value ? UnifiedReplies.Time(value) : null;

    private static JsonReply Json(IReadOnlyList<AdminChannel> channels) =>
        new(200, JsonSerializer.SerializeToUtf8Bytes(channels, AdminJson.Wire.IReadOnlyListAdminChannel));
}
