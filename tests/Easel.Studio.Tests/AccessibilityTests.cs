using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Easel.Studio.Tests;

/// <summary>axe-core, run inside the page, finds no problem at all: every control has a name, contrast holds, and so on.</summary>
public sealed class AccessibilityTests(StudioHost host) : StudioTest(host)
{
    private static readonly (string Path, string Heading)[] Pages =
    [
        ("/generate", "Generate"), ("/edit", "Edit"), ("/gallery", "Gallery"), ("/keys", "API keys"),
        ("/usage", "Usage"), ("/webhooks", "Webhooks"), ("/code", "Code"),
    ];

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_page_passes_axe_in_light_and_dark(ColorScheme scheme)
    {
        var tenant = await Server.CreateTenantAsync(credits: 20);
        var ids = await GenerateAsync(tenant, 1);
        var page = await OpenAsync(scheme: scheme);
        await page.GotoAsync("/sign-in");
        var problems = new List<string>();
        problems.AddRange(await ProblemsAsync(page, "/sign-in"));
        await SignInAsync(page, tenant.Key);
        foreach (var (path, heading) in Pages.Append(($"/gallery/{ids[0]}", "Task")))
        {
            await GoAsync(page, path, heading);
            await page.WaitForFunctionAsync("() => !document.querySelector('.loading')");
            problems.AddRange(await ProblemsAsync(page, path));
        }
        var op = await OpenAsync(scheme: scheme);
        await SignInAsync(op, EaselServer.AdminKey);
        foreach (var path in new[] { "/operator/accounts", $"/operator/accounts/{tenant.AccountId}", "/operator/tasks", "/operator/channels", "/operator/queue" })
        {
            await GoAsync(op, path, heading: null);
            await op.WaitForFunctionAsync("() => document.querySelector('h1') && !document.querySelector('.loading')");
            problems.AddRange(await ProblemsAsync(op, path));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> ProblemsAsync(IPage page, string path)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}
