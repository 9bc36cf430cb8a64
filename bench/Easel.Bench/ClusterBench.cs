using System.Globalization;
using System.Runtime.InteropServices;
using Easel.FakeUpstreams;
using Easel.TestServers;

namespace Easel.Bench;

/// <summary>
/// <c>--cluster</c>: tasks/s drained end to end through Easel's <c>openai</c> channel in front of a zero-latency fake upstream
/// (a small image, so the engine and the store are what is measured, not a renderer), side by side in one run: one node
/// on SQLite, one node on PostgreSQL, and two nodes (both api and worker) on one PostgreSQL, submits going to the first.
/// </summary>
public static class ClusterBench
{
    public static async Task<int> RunAsync(string repo, BenchOptions options)
    {
        var machine = $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; "
            + $"{options.Tasks} tasks per drain, a throwaway PostgreSQL (fsync off) on the same machine";
        Console.Error.WriteLine(machine);
        var report = new Report(options);
        return await report.RunAsync(machine, async () =>
        {
            await using var fake = await FakeUpstream.StartAsync(256, 256);
            await using var postgres = await PostgresServer.StartAsync();
            var limit = TimeSpan.FromSeconds(options.DrainTimeoutSeconds);
            var source = $"a zero-latency fake OpenAI upstream ({fake.Image.Length / 1024} KiB 256x256 PNG)";
            var sqlite = await DrainAsync(repo, fake, options.Tasks, limit, nodes: 1, database: null);
            report.AddDrain(sqlite, "drain, 1 node, SQLite", source);
            var one = await DrainAsync(repo, fake, options.Tasks, limit, nodes: 1, await postgres.CreateDatabaseAsync());
            report.AddDrain(one, "drain, 1 node, PostgreSQL", source);
            var two = await DrainAsync(repo, fake, options.Tasks, limit, nodes: 2, await postgres.CreateDatabaseAsync());
            report.AddDrain(two, "drain, 2 nodes, one PostgreSQL", source);
            report.Note(string.Create(CultureInfo.InvariantCulture,
                $"  2 nodes / 1 node on PostgreSQL: {two.PerSecond / one.PerSecond:0.00}x; PostgreSQL / SQLite, 1 node: {one.PerSecond / sqlite.PerSecond:0.00}x (same run)"));
        });
    }

    private static async Task<DrainResult> DrainAsync(string repo, FakeUpstream fake, int tasks, TimeSpan limit, int nodes, string? database)
    {
        string[] settings =
        [
            "--Easel:Channels:bench:Type=openai", $"--Easel:Channels:bench:BaseUrl={new Uri(fake.BaseAddress, "/v1")}",
            $"--Easel:Channels:bench:ApiKey={FakeUpstream.Key}", "--Easel:Channels:bench:MaxConcurrency=64", "--Easel:Engine:MaxConcurrency=64",
            .. database is null ? [] : new[] { "--Easel:Store:Provider=postgres", $"--Easel:Store:ConnectionString={database}" },
        ];
        var started = new List<EaselProcess>();
        try
        {
            started.Add(Children.Add(await EaselProcess.StartAsync(repo, settings)));
            var api = new EaselApi(started[0].BaseUri);
            var key = await api.CreateLiveKeyAsync(started[0].AdminKey);
            while (started.Count < nodes)
            {
                started.Add(Children.Add(await EaselProcess.StartAsync(repo, settings)));
            }
            Console.Error.WriteLine($"drain: {nodes} node(s), {(database is null ? "SQLite" : "PostgreSQL")}...");
            return await DrainBench.RunAsync(api, key, tasks, limit);
        }
        finally
        {
            foreach (var node in started)
            {
                Children.Remove(node);
            }
        }
    }
}
