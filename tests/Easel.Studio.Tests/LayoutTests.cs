namespace Easel.Studio.Tests;

public sealed class LayoutTests(StudioHost host) : StudioTest(host)
{
    private static readonly (string Path, string Heading)[] AccountPages =
    [
        ("/generate", "Generate"), ("/edit", "Edit"), ("/gallery", "Gallery"), ("/keys", "API keys"),
        ("/usage", "Usage"), ("/webhooks", "Webhooks"), ("/code", "Code"),
    ];

    private static readonly (string Path, string Heading)[] OperatorPages =
    [
        ("/operator/accounts", "Accounts"), ("/operator/tasks", "All tasks"), ("/operator/channels", "Channels"), ("/operator/queue", "Queue"),
    ];

    [Fact]
    public async Task Every_page_fits_a_phone_with_no_horizontal_scroll()
    {
        var tenant = await Server.CreateTenantAsync(credits: 60);
        var ids = await GenerateAsync(tenant, 3);
        var page = await OpenAsync(PhoneWidth, 844);
        await SignInAsync(page, tenant.Key);
        foreach (var (path, heading) in AccountPages.Append(($"/gallery/{ids[0]}", "Task")))
        {
            await GoAsync(page, path, heading);
            await ShotAsync(page, $"phone{path.Replace('/', '-')}".Replace($"-{ids[0]}", "-task", StringComparison.Ordinal));
            await AssertNoHorizontalScrollAsync(page, path);
        }
        await page.ClickAsync("text=Menu");
        await Expect(page.Locator("#nav a").First).ToBeVisibleAsync();
        await ShotAsync(page, "phone-menu");

        var op = await OpenAsync(PhoneWidth, 844);
        await SignInAsync(op, EaselServer.AdminKey);
        foreach (var (path, heading) in OperatorPages.Append(($"/operator/accounts/{tenant.AccountId}", "tenant")))
        {
            await GoAsync(op, path, heading);
            await ShotAsync(op, $"phone{path.Replace('/', '-')}".Replace(tenant.AccountId, "account", StringComparison.Ordinal));
            await AssertNoHorizontalScrollAsync(op, path);
        }
    }

    [Fact]
    public async Task Dark_mode_follows_the_system()
    {
        var tenant = await Server.CreateTenantAsync(credits: 20);
        await GenerateAsync(tenant, 2, size: "16:9");
        var page = await OpenAsync(scheme: ColorScheme.Dark);
        await SignInAsync(page, tenant.Key);
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(15, 17, 23)", background);
        await GoAsync(page, "/gallery", "Gallery");
        await Expect(page.Locator("#gallery .tile img").First).ToHaveJSPropertyAsync("complete", true);
        await ShotAsync(page, "dark-gallery");
    }

    [Fact]
    public async Task Every_operator_page_renders_with_its_data()
    {
        await Server.CreateTenantAsync(credits: 20);
        var op = await OpenAsync();
        await SignInAsync(op, EaselServer.AdminKey);
        foreach (var (path, heading) in OperatorPages)
        {
            await GoAsync(op, path, heading);
            await ShotAsync(op, $"desktop{path.Replace('/', '-')}");
            await Expect(op.Locator(".alert.error")).ToHaveCountAsync(0);
        }
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page, string path)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, width) = (sizes[0], sizes[1]);
        Assert.True(scroll <= width, $"{path} scrolls sideways at {PhoneWidth} px: {scroll} > {width}");
    }
}
