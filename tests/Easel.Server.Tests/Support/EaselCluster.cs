using System.Net.Http.Headers;
using Easel.TestServers;

namespace Easel.Server.Tests.Support;

/// <summary>Easel nodes as separate processes on one throwaway PostgreSQL database and one shared files folder.</summary>
public sealed class EaselCluster : IAsyncDisposable
{
    private readonly List<EaselProcess> _nodes = [];

    private EaselCluster(string connectionString, string dataDir)
    {
        ConnectionString = connectionString;
        DataDir = dataDir;
    }

    public string ConnectionString { get; }

    public string DataDir { get; }

    public static async Task<EaselCluster> CreateAsync()
    {
        var postgres = await PostgresServer.Shared;
        return new EaselCluster(await postgres.CreateDatabaseAsync(), Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N")));
    }

    /// <param name="roles">The node's roles, <c>api</c>, <c>worker</c> or both.</param>
    public async Task<EaselProcess> StartNodeAsync(string[] roles, params (string Key, string Value)[] settings)
    {
        (string, string)[] all =
        [
            ("Easel:Store:Provider", "postgres"),
            ("Easel:Store:ConnectionString", ConnectionString),
            ("Easel:Engine:PollMilliseconds", "5000"),
            .. roles.Select((role, i) => ($"Easel:Roles:{i}", role)),
            .. settings,
        ];
        var node = await EaselProcess.StartAsync(DataDir, all);
        _nodes.Add(node);
        return node;
    }

    public static HttpClient Client(EaselProcess node, string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    /// <summary>An account with credits and an owner key, made through <paramref name="node"/>.</summary>
    public static async Task<Tenant> CreateTenantAsync(EaselProcess node, long credits = 1000)
    {
        using var admin = Client(node, EaselServer.AdminKey);
        var accountId = (await EaselServer.PostJsonAsync(admin, "/admin/accounts", new { name = "cluster" })).GetProperty("id").GetString()!;
        await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/credits", new { amount = credits, reason = "test" });
        var key = await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/keys", new { name = "k", role = "owner", mode = "live" });
        var secret = key.GetProperty("key").GetString()!;
        return new Tenant(accountId, key.GetProperty("id").GetString()!, secret, Client(node, secret));
    }

    public ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
