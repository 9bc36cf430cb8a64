namespace Easel.Studio.Tests;

public sealed class GalleryTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task The_gallery_lists_tasks_newest_first_opens_one_and_re_runs_it()
    {
        var tenant = await Server.CreateTenantAsync(credits: 30);
        var ids = await GenerateAsync(tenant, 2, prompt: "a red bicycle", size: "16:9");
        var page = await OpenAsync();
        await SignInAsync(page, tenant.Key);
        await GoAsync(page, "/gallery", "Gallery");

        var tiles = page.Locator("#gallery .tile");
        await Expect(tiles).ToHaveCountAsync(2);
        Assert.Equal(ids[1], await tiles.First.GetAttributeAsync("data-task-id"));
        await Expect(tiles.First.Locator("img")).ToHaveJSPropertyAsync("complete", true);
        await Expect(tiles.First).ToContainTextAsync("finished");
        await ShotAsync(page, "gallery");

        await tiles.First.Locator("a.cover").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Task");
        await Expect(page.Locator("main")).ToContainTextAsync(ids[1]);
        await Expect(page.Locator("section[aria-label=Webhook\\ deliveries]")).ToContainTextAsync("No webhook for this task");
        await ShotAsync(page, "task");

        await page.ClickAsync("text=Re-run with these settings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Generate");
        await Expect(page.Locator("#prompt")).ToHaveValueAsync("a red bicycle");
        await Expect(page.Locator("#size")).ToHaveValueAsync("16:9");
    }

    [Fact]
    public async Task The_filter_shows_failed_tasks_only_and_an_empty_gallery_says_what_to_do()
    {
        var (tenant, page) = await SignedInAsync(credits: 30);
        await GoAsync(page, "/gallery", "Gallery");
        await Expect(page.Locator(".empty")).ToContainTextAsync("No images yet");

        await GenerateAsync(tenant, 1);
        await page.ClickAsync("nav.filters >> text=Failed");
        await Expect(page.Locator(".empty")).ToContainTextAsync("No tasks with this status");
        await page.ClickAsync("nav.filters >> text=Finished");
        await Expect(page.Locator("#gallery .tile")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Webhooks_show_the_secret_hidden_until_revealed_and_an_owner_rotates_it()
    {
        var (tenant, page) = await SignedInAsync(credits: 5);
        await GoAsync(page, "/webhooks", "Webhooks");

        var secret = (await GetJsonAsync(tenant.Client, "/api/account/webhook-secret")).GetProperty("secret").GetString()!;
        await Expect(page.Locator("#webhook-secret")).Not.ToHaveTextAsync(secret);
        await page.ClickAsync("text=Reveal");
        await Expect(page.Locator("#webhook-secret")).ToHaveTextAsync(secret);
        await ShotAsync(page, "webhooks");

        await page.ClickAsync("text=Rotate");
        await page.ClickAsync("dialog button[value=yes]");
        await Expect(page.Locator("main")).ToContainTextAsync("The previous secret also signs until");
        var rotated = (await GetJsonAsync(tenant.Client, "/api/account/webhook-secret")).GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, rotated);
    }

    [Fact]
    public async Task Code_snippets_hide_the_key_unless_it_is_revealed()
    {
        var (tenant, page) = await SignedInAsync(credits: 5);
        await GoAsync(page, "/code", "Code");

        var code = page.Locator("pre.code");
        await Expect(code).ToContainTextAsync($"EASEL={Server.BaseAddress.ToString().TrimEnd('/')}");
        await Expect(code).ToContainTextAsync("$EASEL_KEY");
        Assert.DoesNotContain(tenant.Key, await code.TextContentAsync() ?? "", StringComparison.Ordinal);
        foreach (var dialect in new[] { "GPTImage2.ai", "YYCode", "OpenAI Images" })
        {
            await page.ClickAsync($"[role=tab]:has-text('{dialect}')");
            await page.ClickAsync("[role=tab]:has-text('Python')");
            await Expect(code).ToContainTextAsync("os.environ[\"EASEL_KEY\"]");
        }
        await ShotAsync(page, "code");

        await page.CheckAsync("#reveal-key");
        await Expect(code).ToContainTextAsync(tenant.Key);
    }
}
