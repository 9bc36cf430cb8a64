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

        await tiles.First.Locator("a.cover").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
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
    public async Task Expired_files_say_so_in_the_gallery_and_on_the_task()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock);
        var tenant = await server.CreateTenantAsync(credits: 10);
        var ids = await GenerateAsync(tenant, 1);
        clock.Advance(TimeSpan.FromHours(25));
        var page = await OpenAsync(server: server);
        await SignInAsync(page, tenant.Key);
        await GoAsync(page, "/gallery", "Gallery");

        await Expect(page.Locator($"#gallery .tile[data-task-id='{ids[0]}']")).ToContainTextAsync("File expired");
        await page.ClickAsync("#gallery .tile a.cover");
        await Expect(page.Locator(".alert.warn")).ToContainTextAsync("This file has expired");
        await Expect(page.Locator("img.result")).ToHaveCountAsync(0);
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

    [Theory]
    [InlineData("Native (PoYo / APIDot)")]
    [InlineData("GPTImage2.ai")]
    [InlineData("YYCode")]
    public async Task The_node_snippet_of_each_dialect_runs_and_saves_the_image(string dialect)
    {
        var (tenant, page) = await SignedInAsync(credits: 20);
        await page.FillAsync("#prompt", "It's a fox in the snow");
        await page.SelectOptionAsync("#size", "16:9");
        await page.ClickAsync("form button[type=submit]");
        await Expect(page.Locator("#results .tile[data-status=finished]")).ToHaveCountAsync(1);
        await GoAsync(page, "/code", "Code");
        await page.ClickAsync($"[role=tab]:has-text('{dialect}')");
        await page.ClickAsync("[role=tab]:has-text('Node')");
        var code = (await page.Locator("pre.code").TextContentAsync())!;

        var (exit, output, image) = await Snippets.RunNodeAsync(code, ("EASEL_KEY", tenant.Key));

        Assert.True(exit == 0, $"the snippet failed: {output}");
        var png = Easel.Imaging.ImageEncoder.Decode(image);
        Assert.Equal((1360, 768), (png.Width, png.Height));
    }
}
