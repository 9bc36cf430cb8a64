using Easel.Server.Tests.Support;
using Easel.TestServers;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Easel.Studio.Tests.Support.StudioHost))]

namespace Easel.Studio.Tests.Support;

/// <summary>
/// One real Easel on 127.0.0.1 (SQLite, the sandbox provider, a little latency so progress is visible) and one headless
/// Debian chromium driven by Playwright, shared by every test; each test has its own account and its own browser context.
/// </summary>
public sealed class StudioHost : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public EaselServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var chromium = await Chromium.FindOrInstallAsync();
        // Private networks are allowed so that webhooks can reach a receiver on 127.0.0.1.
        Server = await EaselServer.StartAsync(settings: [("Easel:Sandbox:LatencyMs", "700"), ("Easel:Security:AllowPrivateNetworks", "true")]);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
