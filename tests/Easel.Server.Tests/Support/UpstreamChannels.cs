using Easel.FakeUpstreams;

namespace Easel.Server.Tests.Support;

/// <summary>Configuration lines for one upstream channel pointed at a fake (or another Easel).</summary>
public static class UpstreamChannels
{
    public static (string Key, string Value)[] Of(string name, string type, Uri baseUrl, int priority = 0, string key = FakeUpstream.Key) =>
    [
        ($"Easel:Channels:{name}:Type", type),
        ($"Easel:Channels:{name}:BaseUrl", type == "openai" ? new Uri(baseUrl, "/v1").ToString() : baseUrl.ToString()),
        ($"Easel:Channels:{name}:ApiKey", key),
        ($"Easel:Channels:{name}:Priority", priority.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ($"Easel:Channels:{name}:PollIntervalMs", "50"),
        ($"Easel:Channels:{name}:TimeoutSeconds", "10"),
    ];

    public static async Task<System.Text.Json.JsonElement> AdminChannelAsync(EaselServer server, string name)
    {
        var list = System.Text.Json.JsonDocument.Parse(await server.Admin.GetStringAsync("/admin/channels")).RootElement;
        return list.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    /// <summary>The (kind, amount) ledger rows of one task.</summary>
    public static async Task<List<(string?, long)>> TaskLedgerAsync(EaselServer server, string accountId, string taskId) =>
        (await server.LedgerAsync(accountId)).EnumerateArray().Where(e => e.GetProperty("task_id").GetString() == taskId)
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
}
