using System.Diagnostics;
using System.Net;

namespace Easel.Bench;

/// <summary>The figures of one closed-loop load run.</summary>
public sealed record LoadResult(string Client, long Requests, long Errors, string? FirstError, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;
}

/// <summary>
/// A closed-loop HTTP load generator: C workers, each sending one request and awaiting the whole answer before the next,
/// over a pool of at most C keep-alive connections. Latencies go to preallocated per-worker arrays (Stopwatch ticks).
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    /// <summary>Upper bound on the total request rate recorded; a worker stops when its preallocated array is full.</summary>
    private const int MaxTotalPerSecond = 400_000;

    private readonly HttpClient client;
    private readonly int connections;

    public LoadGenerator(int connections)
    {
        this.connections = connections;
        client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Runs a warm-up of <paramref name="warmup"/> (discarded), then the measured run of <paramref name="duration"/>.</summary>
    public async Task<LoadResult> MeasureAsync(Func<HttpRequestMessage> request, TimeSpan warmup, TimeSpan duration)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunAsync(request, warmup);
        }
        return await RunAsync(request, duration);
    }

    public async Task<LoadResult> RunAsync(Func<HttpRequestMessage> request, TimeSpan duration)
    {
        var perWorkerPerSecond = Math.Max(2_000, MaxTotalPerSecond / connections);
        var capacity = (int)Math.Min(Array.MaxLength, Math.Max(1024, (long)(duration.TotalSeconds * perWorkerPerSecond)));
        var workers = new Worker[connections];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker(new long[capacity]);
        }
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.LoopAsync(client, request, deadline))));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var all = new long[workers.Sum(w => (long)w.Count)];
        var at = 0;
        foreach (var w in workers)
        {
            Array.Copy(w.Latencies, 0, all, at, w.Count);
            at += w.Count;
        }
        Array.Sort(all);
        return new LoadResult(".NET HttpClient", all.Length, workers.Sum(w => w.Errors),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null), seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(long[] sortedTicks, double p) =>
        sortedTicks.Length == 0
            ? double.NaN
            : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(p * sortedTicks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;

    public void Dispose() => client.Dispose();

    private sealed class Worker(long[] latencies)
    {
        public long[] Latencies { get; } = latencies;
        public int Count { get; private set; }
        public long Errors { get; private set; }
        public string? FirstError { get; private set; }

        public async Task LoopAsync(HttpClient client, Func<HttpRequestMessage> request, long deadline)
        {
            // Bounded in time (the deadline) and in count (the preallocated array).
            while (Count + Errors < Latencies.Length && Stopwatch.GetTimestamp() < deadline)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var message = request();
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Fail($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Fail($"{e.GetType().Name}: {e.Message}");
                    continue;
                }
                Latencies[Count++] = Stopwatch.GetTimestamp() - sent;
            }
        }

        private void Fail(string what)
        {
            Errors++;
            FirstError ??= what.Length > 200 ? what[..200] : what;
        }
    }
}
