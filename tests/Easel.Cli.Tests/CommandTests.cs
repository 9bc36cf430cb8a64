using Easel.Cli.Tests.Support;
using Easel.Server.Tests.Support;

namespace Easel.Cli.Tests;

/// <summary>The rest of the key holder's commands, each run as a process against a real Easel whose sandbox answers at once.</summary>
public sealed class CommandTests(EaselCli easel) : IClassFixture<EaselCli>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] As(Tenant tenant, bool json = true) => json ? ["--url", easel.Url, "--key", tenant.Key, "--json"] : ["--url", easel.Url, "--key", tenant.Key];

    [Fact]
    public async Task Edit_uploads_the_picture_and_its_mask_and_saves_the_result()
    {
        var tenant = await easel.TenantAsync();
        var home = EaselCli.NewHome();
        var photo = Path.Combine(home, "photo.png");
        var mask = Path.Combine(home, "mask.png");
        await File.WriteAllBytesAsync(photo, TestImages.Png(96, 64), Ct);
        await File.WriteAllBytesAsync(mask, TestImages.LeftHalfMask(96, 64), Ct);

        var run = await EaselCli.RunAsync(home, ["edit", photo, "replace the sky", "--mask", mask, "-o", Path.Combine(home, "out"), .. As(tenant)]);

        Assert.True(run.ExitCode == 0, run.Error);
        var task = run.Json().GetProperty("tasks")[0];
        Assert.Equal("gpt-image-2-edit", task.GetProperty("model").GetString());
        Assert.True(task.GetProperty("request").GetProperty("has_mask").GetBoolean());
        Assert.Equal(1, task.GetProperty("request").GetProperty("reference_images").GetInt32());
        Assert.True(new FileInfo(run.Json().GetProperty("files")[0].GetString()!).Length > 0);
        var missing = await EaselCli.RunAsync(home, ["edit", Path.Combine(home, "nope.png"), "a sky", .. As(tenant)]);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public async Task Download_saves_a_finished_tasks_files_and_usage_counts_their_credits()
    {
        var tenant = await easel.TenantAsync(credits: 100);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        await tenant.WaitEndAsync(taskId);
        var home = EaselCli.NewHome();

        var download = await EaselCli.RunAsync(home, ["download", taskId, "-o", Path.Combine(home, "saved"), .. As(tenant)]);
        var usage = await EaselCli.RunAsync(home, ["usage", "--days", "2", .. As(tenant)]);
        var usageText = await EaselCli.RunAsync(home, ["usage", "--days", "2", .. As(tenant, json: false)]);
        var badDays = await EaselCli.RunAsync(home, ["usage", "--days", "0", .. As(tenant)]);

        Assert.True(download.ExitCode == 0, download.Error);
        var file = Assert.Single(download.Json().GetProperty("files").EnumerateArray()).GetString()!;
        Assert.Equal(await tenant.Client.GetByteArrayAsync(StatusFileUrl(await tenant.StatusAsync(taskId)), Ct), await File.ReadAllBytesAsync(file, Ct));
        var spent = 100 - (await easel.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64();
        var days = usage.Json().EnumerateArray().ToList();
        Assert.Equal(2, days.Count);
        Assert.Equal((spent, 1), (days[^1].GetProperty("credits").GetInt64(), days[^1].GetProperty("images").GetInt32()));
        Assert.Contains($"Total: {spent} credits, 1 images.", usageText.Output, StringComparison.Ordinal);
        Assert.Equal(2, badDays.ExitCode);
    }

    [Fact]
    public async Task Webhooks_secret_deliveries_and_redeliver_show_the_accounts_webhooks()
    {
        using var receiver = new ScriptedServer();
        var tenant = await easel.TenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        await WaitDeliveredAsync(tenant, taskId);
        var home = EaselCli.NewHome();

        var secret = await EaselCli.RunAsync(home, ["webhooks", "secret", .. As(tenant)]);
        var deliveries = await EaselCli.RunAsync(home, ["webhooks", "deliveries", .. As(tenant)]);
        var redelivered = await EaselCli.RunAsync(home, ["webhooks", "redeliver", taskId, .. As(tenant)]);
        var unknown = await EaselCli.RunAsync(home, ["webhooks", "redeliver", "task_missing", .. As(tenant)]);

        Assert.True(secret.ExitCode == 0, secret.Error);
        Assert.StartsWith("whsec_", secret.Json().GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.True(deliveries.ExitCode == 0, deliveries.Error);
        Assert.Equal(taskId, Assert.Single(deliveries.Json().EnumerateArray()).GetProperty("task_id").GetString());
        Assert.True(redelivered.ExitCode == 0, redelivered.Error);
        Assert.Equal(taskId, redelivered.Json().GetProperty("task_id").GetString());
        Assert.Equal(5, unknown.ExitCode);
        Assert.Equal(2, (await receiver.WaitForAsync(2)).Count);
    }

    private static Task WaitDeliveredAsync(Tenant tenant, string taskId) =>
        tenant.WaitWebhookAsync(taskId, delivery => delivery.GetProperty("state").GetString() == "delivered");

    [Fact]
    public async Task Too_few_credits_exit_4_and_a_spent_rate_limit_exits_6_each_with_one_line()
    {
        var poor = await easel.TenantAsync(credits: 0);
        var home = EaselCli.NewHome();
        var owner = await easel.TenantAsync();
        var limited = (await EaselCli.RunAsync(home, ["keys", "create", "--name", "slow", "--rpm", "1", .. As(owner)])).Json().GetProperty("key").GetString()!;

        var broke = await EaselCli.RunAsync(home, ["generate", "a gold crown", "--quality", "high", .. As(poor, json: false)]);
        var first = await EaselCli.RunAsync(home, "account", "--url", easel.Url, "--key", limited);
        var second = await EaselCli.RunAsync(home, "account", "--url", easel.Url, "--key", limited);

        Assert.Equal(4, broke.ExitCode);
        Assert.Equal("easel: not enough credits: 12 needed, 0 available\n", broke.Error);
        Assert.Equal(0, await easel.Server.TaskCountAsync(poor.AccountId));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(6, second.ExitCode);
        Assert.Matches(@"^easel: rate limited: try again in \d+ s\n$", second.Error);
    }

    private static Uri StatusFileUrl(System.Text.Json.JsonElement status) => new(status.GetProperty("files")[0].GetProperty("file_url").GetString()!);
}

/// <summary><c>cancel</c> and <c>wait</c> against a sandbox that takes 4 s a task.</summary>
public sealed class SlowCommandTests(SlowEaselCli easel) : IClassFixture<SlowEaselCli>
{
    [Fact]
    public async Task Cancel_ends_a_running_task_unpaid_and_wait_then_exits_1_while_a_wait_on_a_live_task_exits_0()
    {
        var tenant = await easel.TenantAsync(credits: 50);
        var doomed = await tenant.SubmitOkAsync(Tenant.Submit());
        var kept = await tenant.SubmitOkAsync(Tenant.Submit());
        var home = EaselCli.NewHome();
        string[] auth = ["--url", easel.Url, "--key", tenant.Key];

        var cancel = await EaselCli.RunAsync(home, ["cancel", doomed, "--json", .. auth]);
        var waitCanceled = await EaselCli.RunAsync(home, ["wait", doomed, .. auth]);
        var waitKept = await EaselCli.RunAsync(home, ["wait", kept, "--json", .. auth]);
        var cancelEnded = await EaselCli.RunAsync(home, ["cancel", kept, .. auth]);

        Assert.True(cancel.ExitCode == 0, cancel.Error);
        Assert.Equal("failed", cancel.Json().GetProperty("status").GetString());
        Assert.Equal(1, waitCanceled.ExitCode);
        Assert.Contains("canceled", waitCanceled.Error, StringComparison.Ordinal);
        Assert.True(waitKept.ExitCode == 0, waitKept.Error);
        Assert.Equal("finished", waitKept.Json().GetProperty("status").GetString());
        Assert.NotEqual(0, cancelEnded.ExitCode);
        Assert.Equal(49, (await easel.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }
}
