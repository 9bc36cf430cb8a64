namespace Easel.Studio.Tests;

public sealed class OperatorTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task The_operator_grants_credits_and_the_account_holder_sees_them()
    {
        var (tenant, holder) = await SignedInAsync(credits: 100);
        await Expect(holder.Locator("#balance-chip")).ToHaveTextAsync("100 credits available");

        var op = await OpenAsync();
        await SignInAsync(op, EaselServer.AdminKey);
        await Expect(op.Locator("h1")).ToHaveTextAsync("Accounts");
        await op.ClickAsync($"tr[data-account-id='{tenant.AccountId}'] a");
        await Expect(op.Locator("h1")).ToHaveTextAsync("tenant");
        await op.FillAsync("#grant-amount", "50");
        await op.FillAsync("#grant-reason", "launch bonus");
        await op.ClickAsync("text=Apply");

        await Expect(op.Locator("[role=status]", new() { HasText = "Granted" })).ToHaveTextAsync("Granted 50 credits: the balance is now 150.");
        await Expect(op.Locator("tr[data-kind=grant]", new() { HasText = "launch bonus" })).ToContainTextAsync("+50");
        await ShotAsync(op, "operator-account");

        await holder.ReloadAsync();
        await Expect(holder.Locator("#balance-chip")).ToHaveTextAsync("150 credits available");
        await GoAsync(holder, "/usage", "Usage");
        await Expect(holder.Locator("tr[data-kind=grant]", new() { HasText = "launch bonus" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_operator_creates_an_account_changes_its_free_images_and_gives_it_a_key()
    {
        var op = await OpenAsync();
        await SignInAsync(op, EaselServer.AdminKey);
        await op.FillAsync("#account-name", "Acme Studio");
        await op.ClickAsync("text=Create account");
        await Expect(op.Locator("h1")).ToHaveTextAsync("Acme Studio");

        await op.FillAsync("#setting-free_images_per_day", "3");
        await op.ClickAsync("text=Save settings");
        await Expect(op.Locator("#stats")).ToContainTextAsync("Free images per day3");
        await op.ClickAsync("text=Create a key for this account");
        await op.FillAsync("#key-name", "first owner");
        await op.ClickAsync("#create-key");
        var secret = (await op.Locator("#secret-value").TextContentAsync())!;

        using var client = Server.NewClient(secret);
        var account = await GetJsonAsync(client, "/api/account");
        Assert.Equal(3, account.GetProperty("data").GetProperty("free_images_left_today").GetInt32());
        var holder = await OpenAsync();
        await SignInAsync(holder, secret);
        await holder.FillAsync("#prompt", "a kite");
        await Expect(holder.Locator("#price")).ToContainTextAsync("1 free today");
        await Expect(holder.Locator("#price")).ToHaveAttributeAsync("data-total", "0");
    }

    [Fact]
    public async Task The_operator_sees_all_tasks_the_channels_and_the_queue()
    {
        var tenant = await Server.CreateTenantAsync(credits: 20);
        var ids = await GenerateAsync(tenant, 1);
        var op = await OpenAsync();
        await SignInAsync(op, EaselServer.AdminKey);

        await GoAsync(op, $"/operator/tasks?account={tenant.AccountId}", "All tasks");
        await Expect(op.Locator($"tr[data-task-id='{ids[0]}']")).ToContainTextAsync("succeeded");
        await ShotAsync(op, "operator-tasks");

        await GoAsync(op, "/operator/channels", "Channels");
        await Expect(op.Locator("tr[data-channel=sandbox]")).ToContainTextAsync("closed");
        await ShotAsync(op, "operator-channels");

        await GoAsync(op, "/operator/queue", "Queue");
        await Expect(op.Locator("#queue-stats")).ToContainTextAsync("Succeeded (1 h)");
        await Expect(op.Locator("svg.chart rect.bar").First).ToBeVisibleAsync();
        await ShotAsync(op, "operator-queue");
    }
}
