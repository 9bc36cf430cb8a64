using System.Text.Json;
using Easel.Core;
using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class LifecycleTests
{
    [Theory]
    [InlineData("16:9", "1K", "low", 1360, 768)]
    [InlineData("1:1", "2K", "low", 2048, 2048)]
    [InlineData("2048x1152", "2K", "low", 2048, 1152)]
    [InlineData("auto", "1K", "low", 1024, 1024)]
    public async Task Submitted_task_finishes_and_serves_a_png_of_the_resolved_size(string size, string resolution, string quality, int width, int height)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(size: size, resolution: resolution, quality: quality));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("finished", done.GetProperty("status").GetString());
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error_message").ValueKind);
        var file = Assert.Single(done.GetProperty("files").EnumerateArray());
        Assert.Equal("image", file.GetProperty("file_type").GetString());
        using var anonymous = server.NewClient();
        using var download = await anonymous.GetAsync(file.GetProperty("file_url").GetString());
        Assert.Equal(200, (int)download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.ToString());
        Assert.True(download.Headers.CacheControl!.Private);
        var png = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal((width, height), PngCodec.ReadSize(png));
    }

    [Fact]
    public async Task Success_captures_the_resolved_quality_and_releases_the_rest()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);

        // auto reserves at high (12 at 1K); the sandbox resolves auto to medium (3 at 1K).
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "auto"));
        await tenant.WaitEndAsync(taskId);

        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(97, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
        var entries = (await server.LedgerAsync(tenant.AccountId)).EnumerateArray()
            .Where(e => e.GetProperty("task_id").GetString() == taskId)
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
        Assert.Equal([("reserve", 12L), ("capture", 3L), ("release", 9L)], entries);
    }

    [Fact]
    public async Task Failure_releases_everything_and_reports_the_reason()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:FailureRate", "1"));
        var tenant = await server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "high", size: "16:9", resolution: "4K"));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Contains("FailureRate", done.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Empty(done.GetProperty("files").EnumerateArray());
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(100, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
        var kinds = (await server.LedgerAsync(tenant.AccountId)).EnumerateArray()
            .Where(e => e.GetProperty("task_id").GetString() == taskId)
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
        Assert.Equal([("reserve", 48L), ("release", 48L)], kinds);
    }

    [Fact]
    public async Task Reservation_is_held_while_the_task_runs()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "2000"));
        var tenant = await server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium", size: "1:1", resolution: "2K"));
        await tenant.WaitStatusAsync(taskId, "running");

        var (_, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/account");
        var data = body.GetProperty("data");
        Assert.Equal(100, data.GetProperty("balance").GetInt64());
        Assert.Equal(6, data.GetProperty("reserved").GetInt64());
        Assert.Equal(94, data.GetProperty("available").GetInt64());
        Assert.Equal(tenant.AccountId, data.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task Insufficient_credits_answer_402_and_write_nothing()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 11);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(quality: "high"));

        Assert.Equal(402, status);
        Assert.Equal(402, body.GetProperty("code").GetInt32());
        var error = body.GetProperty("error");
        Assert.Equal("insufficient_credits", error.GetProperty("type").GetString());
        Assert.Equal(11, error.GetProperty("available").GetInt64());
        Assert.Equal(new PriceTable().PerImage(Quality.High, BillingTier.OneK), error.GetProperty("needed").GetInt64());
        Assert.Equal(0, await server.TaskCountAsync(tenant.AccountId));
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(11, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
        Assert.Single((await server.LedgerAsync(tenant.AccountId)).EnumerateArray()); // only the grant
    }

    [Fact]
    public async Task Test_mode_key_uses_the_sandbox_spends_nothing_and_marks_the_task()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 0, mode: "test");

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "high", size: "16:9", resolution: "4K"));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("finished", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("test").GetBoolean());
        Assert.Empty((await server.LedgerAsync(tenant.AccountId)).EnumerateArray());
    }

    [Fact]
    public async Task Another_accounts_task_is_404_everywhere()
    {
        await using var server = await EaselServer.StartAsync();
        var owner = await server.CreateTenantAsync();
        var stranger = await server.CreateTenantAsync();
        var taskId = await owner.SubmitOkAsync(Tenant.Submit());

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/api/generate/status/{taskId}"), (HttpMethod.Post, $"/api/generate/cancel/{taskId}"), (HttpMethod.Get, $"/api/generate/events/{taskId}") })
        {
            var (status, body, _) = await EaselServer.SendAsync(stranger.Client, method, path);
            Assert.Equal(404, status);
            Assert.Equal("not_found_error", body.GetProperty("error").GetProperty("type").GetString());
        }
        Assert.Equal("finished", (await owner.WaitEndAsync(taskId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Canceling_a_queued_task_ends_it_at_once_without_charge()
    {
        await using var server = await EaselServer.StartAsync(settings: [("Easel:Sandbox:LatencyMs", "3000"), ("Easel:Engine:MaxConcurrency", "1")]);
        var tenant = await server.CreateTenantAsync(credits: 100);
        var blocker = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.WaitStatusAsync(blocker, "running");
        var queued = await tenant.SubmitOkAsync(Tenant.Submit(quality: "high"));
        Assert.Equal("not_started", (await tenant.StatusAsync(queued)).GetProperty("status").GetString());

        var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{queued}");

        Assert.Equal(200, status);
        Assert.Equal("failed", body.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("canceled", body.GetProperty("data").GetProperty("error_message").GetString());
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(1, account.GetProperty("reserved").GetInt64()); // only the blocker's reservation remains
    }

    [Fact]
    public async Task Canceling_a_running_task_discards_its_result_and_charges_nothing()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "1500"));
        var tenant = await server.CreateTenantAsync(credits: 100);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        await tenant.WaitStatusAsync(taskId, "running");

        var (status, _, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{taskId}");
        Assert.Equal(200, status);
        await Task.Delay(2500);

        var data = await tenant.StatusAsync(taskId);
        Assert.Equal("failed", data.GetProperty("status").GetString());
        Assert.Equal("canceled", data.GetProperty("error_message").GetString());
        Assert.Empty(data.GetProperty("files").EnumerateArray());
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(100, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
    }

    [Fact]
    public async Task Canceling_an_ended_task_is_409_with_its_current_status()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.WaitEndAsync(taskId);
        var balance = (await server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64();

        var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{taskId}");

        Assert.Equal(409, status);
        Assert.Equal(409, body.GetProperty("code").GetInt32());
        Assert.Equal("finished", body.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(balance, (await server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Prefer_wait_answers_with_the_finished_task()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "300"));
        var tenant = await server.CreateTenantAsync();

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(), ("Prefer", "wait=20"));

        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.Equal("finished", data.GetProperty("status").GetString());
        Assert.Single(data.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task Prefer_wait_answers_after_the_wait_when_the_task_is_slower()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "10000"));
        var tenant = await server.CreateTenantAsync();

        var started = DateTime.UtcNow;
        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(), ("Prefer", "wait=1"));

        Assert.Equal(200, status);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Contains(body.GetProperty("data").GetProperty("status").GetString(), new[] { "not_started", "running" });
    }

    [Fact]
    public async Task Event_stream_sends_each_status_change_and_closes_after_the_end()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "500"));
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());

        using var response = await tenant.Client.GetAsync($"/api/generate/events/{taskId}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync(); // completes only when the server closes the stream

        var statuses = EventStream.Statuses(text);
        Assert.Equal("finished", statuses[^1]);
        Assert.Contains("running", statuses);
        Assert.Equal(statuses.Distinct().Count(), statuses.Count);
    }

    [Fact]
    public async Task Task_list_pages_newest_first_with_a_cursor_and_filters_by_status()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await tenant.SubmitOkAsync(Tenant.Submit(prompt: $"picture {i}")));
        }
        foreach (var id in ids)
        {
            await tenant.WaitEndAsync(id);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/tasks?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.Equal(200, status);
            var data = body.GetProperty("data");
            seen.AddRange(data.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("task_id").GetString()!));
            cursor = data.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
        var (_, failed, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/generate/tasks?status=failed");
        Assert.Empty(failed.GetProperty("data").GetProperty("tasks").EnumerateArray());
        var (_, finished, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/generate/tasks?status=finished");
        Assert.Equal(5, finished.GetProperty("data").GetProperty("tasks").GetArrayLength());
    }
}
