using System.Net.Http.Headers;
using Easel.TestServers;

namespace Easel.Server.Tests.Support;

/// <summary>Easel nodes as separate processes, each with its own data folder, on one throwaway PostgreSQL database and one S3 bucket.</summary>
public sealed class EaselCluster : IAsyncDisposable
{
    private readonly List<EaselProcess> _nodes = [];

    private readonly (string, string)[] _shared;

    private EaselCluster((string, string)[] shared)
    {
        _shared = shared;
    }

    /// <summary>The store and blob settings every node gets: the database and the bucket, as configuration keys.</summary>
    public IReadOnlyList<(string Key, string Value)> Settings => _shared;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));

    public static async Task<EaselCluster> CreateAsync()
    {
        var postgres = await PostgresServer.Shared;
        var s3 = await S3Server.Shared;
        return new EaselCluster(
        [
            ("Easel:Store:Provider", "postgres"),
            ("Easel:Store:ConnectionString", await postgres.CreateDatabaseAsync()),
            ("Easel:Blobs:Provider", "s3"),
            ("Easel:Blobs:S3:ServiceUrl", s3.ServiceUrl.ToString()),
            ("Easel:Blobs:S3:Bucket", "cluster-" + Guid.NewGuid().ToString("N")[..12]),
            ("Easel:Blobs:S3:AccessKey", s3.AccessKey),
            ("Easel:Blobs:S3:SecretKey", s3.SecretKey),
            ("Easel:Blobs:S3:Region", s3.Region),
        ]);
    }

    /// <param name="roles">The node's roles, <c>api</c>, <c>worker</c> or both.</param>
    public async Task<EaselProcess> StartNodeAsync(string[] roles, params (string Key, string Value)[] settings)
    {
        (string, string)[] all =
        [
            .. _shared,
            ("Easel:Engine:PollMilliseconds", "5000"),
            .. roles.Select((role, i) => ($"Easel:Roles:{i}", role)),
            .. settings,
        ];
        var node = await EaselProcess.StartAsync(Path.Combine(DataDir, $"node{_nodes.Count}"), all);
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
        return await EaselServer.CreateTenantAsync(admin, secret => Client(node, secret), credits);
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
