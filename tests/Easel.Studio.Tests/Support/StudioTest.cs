using System.Text.Json;
using Easel.Server.Tests.Support;
using Microsoft.Playwright;

namespace Easel.Studio.Tests.Support;

/// <summary>What every Studio test uses: a browser page per viewport, signing in, screenshots, and the account's balance.</summary>
public abstract class StudioTest(StudioHost host) : IAsyncDisposable
{
    public const int PhoneWidth = 390;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _pageErrors = [];

    protected EaselServer Server => host.Server;

    /// <summary>A fresh browser context (its own sessionStorage) and page; script errors fail the test.</summary>
    /// <param name="server">Another Easel than the shared one, for a test that needs its own settings or clock.</param>
    protected async Task<IPage> OpenAsync(int width = 1280, int height = 900, ColorScheme scheme = ColorScheme.Light, EaselServer? server = null)
    {
        var context = await host.Browser.NewContextAsync(new()
        {
            BaseURL = (server ?? Server).BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = scheme,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _pageErrors.Add(error);
        return page;
    }

    /// <summary>A new account with <paramref name="credits"/> and one key, signed in on a desktop-sized page.</summary>
    protected async Task<(Tenant Tenant, IPage Page)> SignedInAsync(long credits, string role = "owner")
    {
        var tenant = await Server.CreateTenantAsync(credits, role);
        var page = await OpenAsync();
        await SignInAsync(page, tenant.Key);
        return (tenant, page);
    }

    /// <summary>Signs in through the sign-in page, as a person would, and waits for the first page after it.</summary>
    protected static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.FillAsync("#key", key);
        await page.ClickAsync("form button[type=submit]");
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    /// <summary>Moves within the app (no reload, so the session stays as it is) and waits for the page heading.</summary>
    protected static async Task GoAsync(IPage page, string path, string? heading)
    {
        await page.EvaluateAsync("p => { history.pushState(null, '', p); dispatchEvent(new PopStateEvent('popstate')); }", path);
        if (heading is not null)
        {
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        }
    }

    /// <summary>Saves a screenshot once nothing on the page is still loading and every image has arrived.</summary>
    protected static async Task ShotAsync(IPage page, string name)
    {
        await page.WaitForFunctionAsync("() => !document.querySelector('.loading') && [...document.images].every(i => i.complete || i.loading === 'lazy')");
        // From the top, so the sticky header sits where it belongs in a full-page picture.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathOf(name), FullPage = true });
    }

    protected async Task<long> AvailableAsync(string accountId) => (await Server.AccountAsync(accountId)).GetProperty("available").GetInt64();

    /// <summary>Makes finished images through the API, so the pages have something to show.</summary>
    protected static async Task<string[]> GenerateAsync(Tenant tenant, int count, string prompt = "a lighthouse at dusk, oil painting", string size = "3:2")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await tenant.SubmitOkAsync(Tenant.Submit(prompt: prompt, size: size)));
        }
        foreach (var id in ids)
        {
            await tenant.WaitStatusAsync(id, "finished");
        }
        return [.. ids];
    }

    protected static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var (status, body, _) = await EaselServer.SendAsync(client, HttpMethod.Get, path);
        Assert.True(status == 200, $"GET {path} answered {status}: {body}");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        Assert.True(_pageErrors.Count == 0, $"the page threw: {string.Join("; ", _pageErrors)}");
        GC.SuppressFinalize(this);
    }
}
