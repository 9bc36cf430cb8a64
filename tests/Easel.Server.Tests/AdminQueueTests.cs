using System.Globalization;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary><c>GET /admin/queue</c>: the operator's live view of the queue (issue 10).</summary>
public sealed class AdminQueueTests
{
    [Fact]
    public async Task The_queue_shows_waiting_and_running_tasks_then_how_each_ended_in_its_minute()
    {
        using var notAnImage = new ReferenceServer("<html>not an image</html>"u8.ToArray(), "image/png");
        await using var server = await EaselServer.StartAsync(settings:
            [("Easel:Sandbox:LatencyMs", "2000"), ("Easel:Engine:MaxConcurrency", "1"), ("Easel:Security:AllowPrivateNetworks", "true")]);
        var tenant = await server.CreateTenantAsync();
        var tasks = new List<string>
        {
            await tenant.SubmitOkAsync(Tenant.Submit()),
            await tenant.SubmitOkAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: [notAnImage.Url])),
            await tenant.SubmitOkAsync(Tenant.Submit()),
        };
        var canceled = await tenant.SubmitOkAsync(Tenant.Submit());
        Assert.Equal(200, (await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{canceled}")).Status);

        var busy = await QueueUntilAsync(server, q => q.GetProperty("running").GetInt32() == 1);
        Assert.Equal(2, busy.GetProperty("queued").GetInt32());
        foreach (var taskId in tasks)
        {
            await tenant.WaitEndAsync(taskId);
        }
        var before = Minute(DateTimeOffset.UtcNow);
        var done = await QueueUntilAsync(server, _ => true);
        var after = Minute(DateTimeOffset.UtcNow);

        Assert.Equal((0, 0), (done.GetProperty("queued").GetInt32(), done.GetProperty("running").GetInt32()));
        Assert.Equal("""{"succeeded":2,"failed":1,"canceled":1}""", done.GetProperty("last_hour").GetRawText());
        var minutes = done.GetProperty("per_minute").EnumerateArray().ToList();
        Assert.Equal(60, minutes.Count);
        var starts = minutes.Select(m => DateTimeOffset.Parse(m.GetProperty("minute").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(starts[^1], before, after);
        if (before == after)
        {
            Assert.Equal(before.ToString("yyyy-MM-dd'T'HH:mm':00Z'", CultureInfo.InvariantCulture), minutes[^1].GetProperty("minute").GetString());
        }
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.Equal(pair.First.AddMinutes(1), pair.Second));
        Assert.All(minutes, m => Assert.Equal(["minute", "succeeded", "failed", "canceled"], m.EnumerateObject().Select(p => p.Name)));
        Assert.Equal((2, 1, 1), (Sum(minutes, "succeeded"), Sum(minutes, "failed"), Sum(minutes, "canceled")));
    }

    private static int Sum(List<JsonElement> minutes, string outcome) => minutes.Sum(m => m.GetProperty(outcome).GetInt32());

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);

    private static async Task<JsonElement> QueueUntilAsync(EaselServer server, Func<JsonElement, bool> reached)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (status, body, _) = await EaselServer.SendAsync(server.Admin, HttpMethod.Get, "/admin/queue");
            Assert.True(status == 200, $"/admin/queue answered {status}: {body}");
            if (reached(body))
            {
                return body;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the queue did not get there: {body}");
            await Task.Delay(25);
        }
    }
}
