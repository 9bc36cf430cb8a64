using System.Text.Json;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Store;

namespace Easel.Server.Admin;

/// <summary><c>GET /admin/queue</c>: the cluster's queue now and over the last hour, counted by the database.</summary>
public static class AdminQueue
{
    public static async Task<IResult> ShowAsync(IEaselStore store, HttpContext http)
    {
        var stats = await store.GetQueueStatsAsync(http.RequestAborted);
        var view = new AdminQueueView(
            stats.Queued,
            stats.Running,
            new AdminQueueHour(stats.SucceededLastHour, stats.FailedLastHour, stats.CanceledLastHour),
            stats.PerMinute.Select(m => new AdminQueueMinute(UnifiedReplies.Time(m.Minute), m.Succeeded, m.Failed, m.Canceled)).ToList());
        return new JsonReply(200, JsonSerializer.SerializeToUtf8Bytes(view, AdminJson.Wire.AdminQueueView));
    }
}
