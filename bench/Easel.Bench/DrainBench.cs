using System.Diagnostics;
using System.Text;

namespace Easel.Bench;

/// <summary>The figures of the end-to-end drain of a fixed batch.</summary>
public sealed record DrainResult(
    int Tasks, int Finished, int Failed, int Unfinished, long SubmitErrors, double SubmitSeconds, double DrainSeconds, double P50Ms, double P99Ms, long Polls)
{
    public double PerSecond => Finished / DrainSeconds;
}

/// <summary>
/// Submits a fixed batch, then polls until every task is finished: time from the first submit to the last observed finish,
/// and each task's latency from its submit to the first poll that saw it finished. Polling looks at the oldest
/// <see cref="Window"/> pending tasks every <see cref="Period"/> (the dispatcher works roughly oldest first), so polling
/// stays light and leaves the CPU to the renderer.
/// </summary>
public static class DrainBench
{
    private const int SubmitWorkers = 16;
    private const int PollWorkers = 8;
    private const int Window = 48;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    public static async Task<DrainResult> RunAsync(EaselApi api, string key, int tasks, TimeSpan limit)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = SubmitWorkers + PollWorkers, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var ids = new string?[tasks];
        var submittedAt = new long[tasks];
        var doneAt = new long[tasks];
        var failed = new bool[tasks];
        var submitted = 0;
        long submitErrors = 0;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(limit.TotalSeconds * Stopwatch.Frequency);

        var next = -1;
        var submitWorkers = Task.WhenAll(Enumerable.Range(0, SubmitWorkers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < tasks && Stopwatch.GetTimestamp() < deadline; i = Interlocked.Increment(ref next))
            {
                submittedAt[i] = Stopwatch.GetTimestamp();
                using var request = api.SubmitRequest(key);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref ids[i], EaselApi.TaskIdOf(body));
                    Interlocked.Increment(ref submitted);
                }
                else
                {
                    Interlocked.Increment(ref submitErrors);
                    failed[i] = true;
                    doneAt[i] = -1;
                }
            }
        })));
        var submitting = Task.Run(async () =>
        {
            await submitWorkers;
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        });

        long polls = 0;
        var oldest = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var round = Stopwatch.GetTimestamp();
            while (oldest < tasks && doneAt[oldest] != 0)
            {
                oldest++;
            }
            if (oldest == tasks && submitting.IsCompleted)
            {
                break;
            }
            var window = Enumerable.Range(oldest, tasks - oldest)
                .Where(i => doneAt[i] == 0 && Volatile.Read(ref ids[i]) is not null).Take(Window).ToList();
            await Parallel.ForEachAsync(window, new ParallelOptions { MaxDegreeOfParallelism = PollWorkers }, async (i, ct) =>
            {
                using var request = api.StatusRequest(key, ids[i]!);
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                Interlocked.Increment(ref polls);
                var status = response.IsSuccessStatusCode ? EaselApi.StatusOf(body) : "failed";
                if (status is "finished" or "failed")
                {
                    doneAt[i] = Stopwatch.GetTimestamp();
                    failed[i] = status == "failed";
                }
            });
            var rest = Period - Stopwatch.GetElapsedTime(round);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }
        var submitSeconds = await submitting.WaitAsync(TimeSpan.FromSeconds(60));

        var finished = Enumerable.Range(0, tasks).Where(i => doneAt[i] > 0 && !failed[i]).ToArray();
        var latencies = finished.Select(i => doneAt[i] - submittedAt[i]).Order().ToArray();
        var last = finished.Length == 0 ? Stopwatch.GetTimestamp() : finished.Max(i => doneAt[i]);
        return new DrainResult(tasks, finished.Length, failed.Count(f => f), tasks - finished.Length - failed.Count(f => f),
            submitErrors, submitSeconds, (last - start) / (double)Stopwatch.Frequency,
            LoadGenerator.Percentile(latencies, 0.50), LoadGenerator.Percentile(latencies, 0.99), polls);
    }

    public static string Describe(DrainResult r)
    {
        var text = new StringBuilder();
        text.AppendLine($"  batch {r.Tasks} tasks (gpt-image-2, low, 1:1, 1K), live key");
        text.AppendLine($"  submitted in {r.SubmitSeconds:0.00} s with {SubmitWorkers} connections; submit errors {r.SubmitErrors}");
        text.AppendLine($"  finished {r.Finished}, failed {r.Failed}, unfinished at the time limit {r.Unfinished}; status polls {r.Polls}");
        return text.ToString();
    }
}
