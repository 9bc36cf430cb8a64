using System.Diagnostics;
using System.Runtime.InteropServices;
using Easel.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var repo = RepoRoot();
if (options.Build && !await BuildServerAsync(repo))
{
    return 1;
}

Children.HookSignals();
if (options.Upstream)
{
    return await UpstreamBench.RunAsync(repo, options);
}
if (options.Cluster)
{
    return await ClusterBench.RunAsync(repo, options);
}
var wrk = Wrk.FindBinary();
var nginxBinary = NginxProcess.FindBinary();
var machine = $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; "
    + $"wrk: {(wrk is null ? "not installed (only the .NET client is used)" : $"installed ({wrk})")}; "
    + $"nginx: {(nginxBinary is null ? "not installed" : $"installed ({nginxBinary})")}";
Console.Error.WriteLine(machine);
var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
var duration = TimeSpan.FromSeconds(options.Seconds);
var report = new Report(options);
return await report.RunAsync(machine, async () =>
{
    var easel = Children.Add(await EaselProcess.StartAsync(repo));
    using var api = new EaselApi(easel.BaseUri);
    var key = await api.CreateLiveKeyAsync(easel.AdminKey);
    var taskId = await api.SubmitAsync(key);
    var statusBody = await api.WaitFinishedAsync(key, taskId, TimeSpan.FromSeconds(60));
    Console.Error.WriteLine($"Easel pid {easel.Pid} at {easel.BaseUri}; status body of a finished task: {statusBody.Length} bytes");

    using var load = new LoadGenerator(options.Connections);
    Console.Error.WriteLine("status poll (Easel, .NET client)...");
    var easelNet = await load.MeasureAsync(() => api.StatusRequest(key, taskId), warmup, duration);
    report.Add("status poll (Easel)", easelNet, options.Connections);

    NginxProcess? nginx = null;
    if (nginxBinary is null)
    {
        report.Note($"static JSON (nginx): {NginxProcess.MissingNote}");
    }
    else
    {
        nginx = Children.Add(await NginxProcess.StartAsync(nginxBinary, statusBody));
        Console.Error.WriteLine("static JSON (nginx, .NET client)...");
        var nginxNet = await load.MeasureAsync(() => new HttpRequestMessage(HttpMethod.Get, nginx.FileUri), warmup, duration);
        report.Add($"static JSON (nginx), {statusBody.Length} B", nginxNet, options.Connections);
        report.AddRatio(".NET client", nginxNet, easelNet);
    }

    if (wrk is not null)
    {
        Console.Error.WriteLine("status poll (Easel, wrk)...");
        var statusUri = new Uri(easel.BaseUri, $"api/generate/status/{taskId}");
        var easelWrk = await Wrk.MeasureAsync(wrk, statusUri, key, options.Connections, warmup, duration);
        report.Add("status poll (Easel)", easelWrk, options.Connections);
        if (nginx is not null)
        {
            Console.Error.WriteLine("static JSON (nginx, wrk)...");
            var nginxWrk = await Wrk.MeasureAsync(wrk, nginx.FileUri, null, options.Connections, warmup, duration);
            report.Add($"static JSON (nginx), {statusBody.Length} B", nginxWrk, options.Connections);
            report.AddRatio("wrk", nginxWrk, easelWrk);
        }
    }
    if (nginx is not null)
    {
        Children.Remove(nginx);
    }

    // The drain runs on an idle server; the submit flood comes last because it leaves a backlog behind.
    Console.Error.WriteLine($"drain of {options.Tasks} tasks...");
    report.AddDrain(await DrainBench.RunAsync(api, key, options.Tasks, TimeSpan.FromSeconds(options.DrainTimeoutSeconds)), source: "the sandbox (a 1024x1024 PNG rendered per task)");
    report.Note("  drain p50/p99 = per task, submit -> first poll that saw it finished (polled every 200 ms, so +~0-200 ms).");
    report.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"  drain is bounded by the sandbox render: a real 1024x1024 PNG per task (~40 ms CPU), so ~{Environment.ProcessorCount / 0.040:0} tasks/s at most on {Environment.ProcessorCount} cores."));

    Console.Error.WriteLine("submit (Easel, .NET client)...");
    var submit = await load.MeasureAsync(() => api.SubmitRequest(key), warmup, duration);
    report.Add("submit (live key, reserves credits)", submit, options.Connections);
    report.Note("  submit runs while the dispatcher drains the growing backlog in the background (same CPU).");
});

static string RepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Easel.slnx")))
            {
                return dir.FullName;
            }
        }
    }
    throw new InvalidOperationException("run the bench from inside the Easel repository (no Easel.slnx found above here)");
}

static async Task<bool> BuildServerAsync(string repo)
{
    Console.Error.WriteLine("building src/Easel.Server (Release)...");
    var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, UseShellExecute = false };
    foreach (var arg in new[] { "build", "src/Easel.Server", "-c", "Release", "--nologo", "-v", "q" })
    {
        info.ArgumentList.Add(arg);
    }
    using var build = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet build");
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    await build.WaitForExitAsync(limit.Token);
    if (build.ExitCode != 0)
    {
        Console.Error.WriteLine("building the server failed");
    }
    return build.ExitCode == 0;
}
