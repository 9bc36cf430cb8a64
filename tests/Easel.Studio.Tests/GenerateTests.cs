namespace Easel.Studio.Tests;

public sealed class GenerateTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task Generated_images_appear_live_at_their_exact_size_and_the_balance_drops_by_the_shown_price()
    {
        var (tenant, page) = await SignedInAsync(credits: 100);

        await page.FillAsync("#prompt", "A matte black smart speaker on a white studio background");
        await page.SelectOptionAsync("#size", "16:9");
        await page.SelectOptionAsync("#quality", "medium");
        await page.FillAsync("#count", "2");
        await Expect(page.Locator("#price")).ToHaveAttributeAsync("data-total", "6");
        await Expect(page.Locator("#price")).ToContainTextAsync("3 credits per image at 1K × 2");
        var shown = int.Parse(await page.GetAttributeAsync("#price", "data-total") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        var before = await AvailableAsync(tenant.AccountId);

        await page.ClickAsync("form button[type=submit]");

        await Expect(page.Locator("#results .tile")).ToHaveCountAsync(2);
        await Expect(page.Locator("#results .tile[data-status=running], #results .tile[data-status=not_started]").First).ToBeVisibleAsync();
        await ShotAsync(page, "generate-progress");
        var finished = page.Locator("#results .tile[data-status=finished][data-width]");
        await Expect(finished).ToHaveCountAsync(2);
        foreach (var tile in await finished.AllAsync())
        {
            await Expect(tile).ToHaveAttributeAsync("data-width", "1360");
            await Expect(tile).ToHaveAttributeAsync("data-height", "768");
            await Expect(tile.Locator(".dims")).ToHaveTextAsync("1360 × 768");
            Assert.Equal(1360, await tile.Locator("img").EvaluateAsync<int>("img => img.naturalWidth"));
        }
        await Expect(page.Locator("#balance-chip")).ToHaveTextAsync($"{before - shown} credits available");
        Assert.Equal(before - shown, await AvailableAsync(tenant.AccountId));
        await ShotAsync(page, "generate");
    }

    [Fact]
    public async Task Too_few_credits_says_how_many_are_missing_and_charges_nothing()
    {
        var (tenant, page) = await SignedInAsync(credits: 5);

        await page.FillAsync("#prompt", "a castle made of glass");
        await page.SelectOptionAsync("#quality", "high");
        await Expect(page.Locator("#price")).ToContainTextAsync("5 credits available: 7 credits short");
        await page.ClickAsync("form button[type=submit]");

        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("Not enough credits: this needs 12, you have 5 available — 7 missing");
        await Expect(page.Locator("#results .tile")).ToHaveCountAsync(0);
        Assert.Equal(5, await AvailableAsync(tenant.AccountId));
        await ShotAsync(page, "generate-402");
    }

    [Fact]
    public async Task A_rate_limited_submit_says_when_to_retry()
    {
        var tenant = await Server.CreateTenantAsync(credits: 50);
        await Server.Admin.PatchAsync($"/admin/keys/{tenant.KeyId}", System.Net.Http.Json.JsonContent.Create(new { max_concurrent_tasks = 1 }));
        var page = await OpenAsync();
        await SignInAsync(page, tenant.Key);

        await page.FillAsync("#prompt", "two foxes");
        await page.FillAsync("#count", "2");
        await page.Locator("#count").PressAsync("Enter");

        var alert = page.Locator("[role=alert]");
        await Expect(alert).ToContainTextAsync("Image 2 of 2 was not submitted. Too many requests");
        await Expect(alert).ToContainTextAsync("unfinished tasks");
        await Expect(alert).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Try again in \d+ s \(at "));
        await Expect(page.Locator("#results .tile[data-status=finished]")).ToHaveCountAsync(1);
        await ShotAsync(page, "generate-429");
    }

    [Fact]
    public async Task A_running_image_can_be_canceled_and_costs_nothing()
    {
        await using var slow = await EaselServer.StartAsync(settings: [("Easel:Sandbox:LatencyMs", "6000")]);
        var tenant = await slow.CreateTenantAsync(credits: 10);
        var page = await OpenAsync(server: slow);
        await SignInAsync(page, tenant.Key);
        await page.FillAsync("#prompt", "a slow sunrise");
        await page.ClickAsync("form button[type=submit]");

        await page.ClickAsync("#results .tile button[aria-label='Cancel this image']");

        await Expect(page.Locator("#results .tile")).ToContainTextAsync("Canceled");
        await Expect(page.Locator("#results .tile")).ToContainTextAsync("Nothing was charged.");
        var account = await slow.AccountAsync(tenant.AccountId);
        Assert.Equal(10, account.GetProperty("available").GetInt64());
    }
}
