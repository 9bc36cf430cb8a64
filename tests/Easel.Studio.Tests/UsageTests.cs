namespace Easel.Studio.Tests;

public sealed class UsageTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task Usage_shows_the_balance_the_capture_in_the_ledger_and_the_day_spend()
    {
        var tenant = await Server.CreateTenantAsync(credits: 30);
        await GenerateAsync(tenant, 2);
        var page = await OpenAsync();
        await SignInAsync(page, tenant.Key);
        await GoAsync(page, "/usage", "Usage");

        await Expect(page.Locator("#stats .stat").First).ToContainTextAsync("28");
        await Expect(page.Locator("#stats")).ToContainTextAsync("Available28");
        var captures = page.Locator("tr[data-kind=capture]");
        await Expect(captures).ToHaveCountAsync(2);
        await Expect(captures.First).ToContainTextAsync("task_");
        await Expect(page.Locator("tr[data-kind=grant]")).ToContainTextAsync("test grant");
        await Expect(page.Locator("#usage-total")).ToHaveTextAsync("2 credits for 2 images.");
        await Expect(page.Locator("svg.chart rect.bar")).ToHaveCountAsync(1);
        await ShotAsync(page, "usage");
    }
}
