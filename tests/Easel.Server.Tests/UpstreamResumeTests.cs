using System.Net.Http.Headers;
using System.Text.Json;
using Easel.FakeUpstreams;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class UpstreamResumeTests
{
    [Theory]
    [InlineData("unified")]
    [InlineData("gptimage2ai")]
    [InlineData("yycode")]
    public async Task A_process_killed_while_an_async_upstream_job_runs_resumes_polling_it_and_charges_once(string type)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Hold = true;
        var dataDir = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));
        (string, string)[] settings = [.. UpstreamChannels.Of("up", type, upstream.BaseAddress), ("Easel:Engine:LeaseSeconds", "5"), ("Easel:Engine:PollMilliseconds", "100")];
        string accountId, key, taskId;
        using (var doomed = await EaselProcess.StartAsync(dataDir, settings))
        {
            using var admin = Client(doomed.BaseAddress, EaselServer.AdminKey);
            accountId = (await EaselServer.PostJsonAsync(admin, "/admin/accounts", new { name = "resume" })).GetProperty("id").GetString()!;
            await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/credits", new { amount = 100, reason = "test" });
            key = (await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/keys", new { name = "k", role = "owner", mode = "live" })).GetProperty("key").GetString()!;
            var tenant = new Tenant(accountId, "", key, Client(doomed.BaseAddress, key));
            taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
            await WaitAsync(() => upstream.Polls >= 2, "the upstream job to be polled");

            doomed.Kill();
        }
        var pollsBeforeRestart = upstream.Polls;
        upstream.Hold = false;

        using var successor = await EaselProcess.StartAsync(dataDir, settings);
        var resumed = new Tenant(accountId, "", key, Client(successor.BaseAddress, key));
        var status = await resumed.WaitEndAsync(taskId, seconds: 60);

        Assert.Equal("finished", status.GetProperty("status").GetString());
        Assert.Equal(1, upstream.Submits);
        Assert.True(upstream.Polls > pollsBeforeRestart);
        using var successorAdmin = Client(successor.BaseAddress, EaselServer.AdminKey);
        var ledger = JsonDocument.Parse(await successorAdmin.GetStringAsync($"/admin/accounts/{accountId}/ledger?limit=200")).RootElement.GetProperty("entries");
        var rows = ledger.EnumerateArray().Where(e => e.GetProperty("task_id").GetString() == taskId)
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
        Assert.Equal([("reserve", 3L), ("capture", 3L)], rows);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static HttpClient Client(Uri baseAddress, string bearer)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
