using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Easel.FakeUpstreams;

namespace Easel.Bench;

/// <summary>
/// <c>--upstream</c>: Easel routing generations to its <c>openai</c> channel in front of a zero-latency fake OpenAI upstream,
/// against nginx <c>proxy_pass</c> to the same fake, for a small image and a ~10 MB base64 image; then Easel's peak RSS with
/// 32 concurrent 4K results. Throughput goes through Easel's own <c>POST /v1/images/generations</c> (one request, the image back
/// as base64, like nginx relays it); the memory figure uses the native API (submit with <c>Prefer: wait=60</c>, then a GET of
/// the stored file), which never holds a whole result in memory.
/// </summary>
public static class UpstreamBench
{
    private const int MaxConnections = 16;
    private const int FourKConcurrency = 32;
    private static readonly byte[] SubmitBody = Encoding.UTF8.GetBytes(
        """{"model":"gpt-image-2","input":{"prompt":"bench","quality":"low","size":"1:1","resolution":"1K"}}""");
    private static readonly byte[] OpenAiBody = Encoding.UTF8.GetBytes(
        """{"model":"gpt-image-2","prompt":"bench","n":1,"size":"1024x1024","quality":"low"}""");

    public static async Task<int> RunAsync(string repo, BenchOptions options)
    {
        var nginxBinary = NginxProcess.FindBinary();
        var connections = Math.Min(options.Connections, MaxConnections);
        var machine = $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; "
            + $"nginx: {nginxBinary ?? "not installed"}; {connections} connections, .NET client";
        Console.Error.WriteLine(machine);
        var report = new Report(options);
        var (warmup, duration) = (TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.Seconds));
        return await report.RunAsync(machine, async () =>
        {
            foreach (var (label, width, height) in new[] { ("small image", 256, 256), ("~10 MB base64 image", 1536, 1536) })
            {
                await using var fake = await FakeUpstream.StartAsync(width, height);
                var what = $"{label} ({fake.Image.Length / 1024} KiB PNG, {(fake.Image.Length + 2) / 3 * 4 / 1024} KiB base64)";
                using var easel = Children.Add(await StartEaselAsync(repo, fake));
                var key = await new EaselApi(easel.BaseUri).CreateLiveKeyAsync(easel.AdminKey);
                Console.Error.WriteLine($"Easel, {what}...");
                var viaEasel = await ClosedLoop.MeasureAsync(connections, warmup, duration, (http, ct) => GenerationsRoundTripAsync(http, new Uri(easel.BaseUri, "v1/images/generations"), key, ct));
                report.Add($"Easel /v1/images/generations via its openai channel, {what}", viaEasel, connections);
                Children.Remove(easel);
                if (nginxBinary is null)
                {
                    report.Note($"nginx proxy_pass: {NginxProcess.MissingNote}");
                    continue;
                }
                using var nginx = Children.Add(await NginxProcess.StartProxyAsync(nginxBinary, fake.BaseAddress, "/generated/probe.png", fake.Image.Length));
                var proxied = new Uri(nginx.FileUri, "/v1/images/generations");
                Console.Error.WriteLine($"nginx proxy_pass, {what}...");
                var viaNginx = await ClosedLoop.MeasureAsync(connections, warmup, duration, (http, ct) => GenerationsRoundTripAsync(http, proxied, FakeUpstream.Key, ct));
                report.Add($"nginx proxy_pass, {what}", viaNginx, connections);
                report.AddRatio(label, viaNginx, viaEasel);
                Children.Remove(nginx);
            }
            report.Note(await FourKPeakAsync(repo));
        });
    }

    /// <summary>Peak RSS of a fresh Easel while 32 tasks each bring a 4K PNG (as base64 JSON) at once, twice over.</summary>
    private static async Task<string> FourKPeakAsync(string repo)
    {
        await using var fake = await FakeUpstream.StartAsync(3840, 2160);
        using var easel = Children.Add(await StartEaselAsync(repo, fake));
        var key = await new EaselApi(easel.BaseUri).CreateLiveKeyAsync(easel.AdminKey);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        await EaselRoundTripAsync(http, easel.BaseUri, key, CancellationToken.None);
        var before = Memory(easel.Pid, "VmRSS");
        Console.Error.WriteLine($"{FourKConcurrency} concurrent 4K results...");
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, FourKConcurrency).Select(_ => EaselRoundTripAsync(http, easel.BaseUri, key, CancellationToken.None)));
        }
        var peak = Memory(easel.Pid, "VmHWM");
        var inFlight = (long)fake.Image.Length * FourKConcurrency;
        Children.Remove(easel);
        return string.Create(CultureInfo.InvariantCulture,
            $"peak RSS, {FourKConcurrency} concurrent 4K results ({fake.Image.Length / 1048576.0:0.0} MiB PNG, {(fake.Image.Length + 2) / 3 * 4 / 1048576.0:0.0} MiB base64 each): "
            + $"{peak / 1048576.0:0} MiB (RSS before: {before / 1048576.0:0} MiB; decoded bytes in flight: {inFlight / 1048576.0:0} MiB; peak / in flight = {(double)peak / inFlight:0.00})");
    }

    private static Task<EaselProcess> StartEaselAsync(string repo, FakeUpstream fake) => EaselProcess.StartAsync(repo,
        "--Easel:Channels:bench:Type=openai", $"--Easel:Channels:bench:BaseUrl={new Uri(fake.BaseAddress, "/v1")}",
        $"--Easel:Channels:bench:ApiKey={FakeUpstream.Key}", "--Easel:Channels:bench:MaxConcurrency=64", "--Easel:Engine:MaxConcurrency=64");

    /// <summary>Submit and wait for the end, then fetch the stored image: what a client needs to hold the picture.</summary>
    private static async Task EaselRoundTripAsync(HttpClient http, Uri easel, string key, CancellationToken ct)
    {
        using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri(easel, "api/generate/submit")) { Content = new ByteArrayContent(SubmitBody) };
        submit.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        submit.Headers.TryAddWithoutValidation("Prefer", "wait=60");
        using var answer = await http.SendAsync(submit, ct);
        var data = JsonNode.Parse(await answer.Content.ReadAsStringAsync(ct))?["data"];
        var file = data?["files"]?[0]?["file_url"]?.GetValue<string>()
            ?? throw new HttpRequestException($"task did not finish: {data?["status"]} {data?["error_message"]}");
        using var image = await http.GetAsync(file, HttpCompletionOption.ResponseContentRead, ct);
        image.EnsureSuccessStatusCode();
    }

    /// <summary>One OpenAI Images API call, the whole answer (the image as base64) read.</summary>
    private static async Task GenerationsRoundTripAsync(HttpClient http, Uri generations, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, generations) { Content = new ByteArrayContent(OpenAiBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A line of /proc/PID/status, in bytes (VmRSS: now; VmHWM: the peak).</summary>
    private static long Memory(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>C workers, each running one operation after another for a while; latencies of the measured part only.</summary>
public static class ClosedLoop
{
    public static async Task<LoadResult> MeasureAsync(int connections, TimeSpan warmup, TimeSpan duration, Func<HttpClient, CancellationToken, Task> operation)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromMinutes(2) };
        await RunAsync(connections, warmup, http, operation);
        return await RunAsync(connections, duration, http, operation);
    }

    private static async Task<LoadResult> RunAsync(int connections, TimeSpan duration, HttpClient http, Func<HttpClient, CancellationToken, Task> operation)
    {
        var latencies = new List<long>[connections];
        var errors = 0L;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await operation(http, CancellationToken.None);
                    latencies[i].Add(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(".NET client", sorted.Length, errors, firstError, seconds,
            LoadGenerator.Percentile(sorted, 0.50), LoadGenerator.Percentile(sorted, 0.99));
    }
}
