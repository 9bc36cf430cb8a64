using Easel.Server.Tests.Support;

namespace Easel.Client.Tests.Support;

/// <summary>One real Easel on loopback for a test class; each test gets its own funded account and an SDK client for it.</summary>
public abstract class EaselFixture(params (string Key, string Value)[] settings) : IAsyncLifetime
{
    public EaselServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await EaselServer.StartAsync(settings: [("Easel:Security:AllowPrivateNetworks", "true"), .. settings]);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public async Task<(EaselClient Client, Tenant Tenant)> ClientAsync(long credits = 1000, string role = "owner", string mode = "live")
    {
        var tenant = await Server.CreateTenantAsync(credits, role, mode);
        return (ClientFor(tenant.Key), tenant);
    }

    /// <summary>A client using a new key, made by the SDK through a funded account's owner key.</summary>
    public async Task<EaselClient> ClientWithKeyAsync(NewApiKey key, int maxRetries = 3)
    {
        var (owner, _) = await ClientAsync(credits: 50);
        var created = await owner.Keys.CreateAsync(key, TestContext.Current.CancellationToken);
        return ClientFor(created.Secret!, maxRetries: maxRetries);
    }

    /// <summary>The SDK's plain constructor, with short retry delays so fault tests stay fast.</summary>
    public EaselClient ClientFor(string key, Uri? baseUrl = null, int maxRetries = 3) => new(new EaselClientOptions
    {
        BaseUrl = baseUrl ?? Server.BaseAddress,
        ApiKey = key,
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(50),
        PollInterval = TimeSpan.FromMilliseconds(100),
    });
}

/// <summary>The sandbox answers at once.</summary>
public sealed class FastEasel() : EaselFixture;

/// <summary>The sandbox takes 1.5 s a task: long enough to watch it run, cancel it, or cut its event stream.</summary>
public sealed class SlowEasel() : EaselFixture(("Easel:Sandbox:LatencyMs", "1500"));
