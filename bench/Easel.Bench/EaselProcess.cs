using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Easel.Bench;

/// <summary>The Easel server (Release build) as a child process on 127.0.0.1, with a throw-away data directory.</summary>
public sealed class EaselProcess : IDisposable
{
    private readonly Process process;
    private readonly string dataDir;

    private EaselProcess(Process process, string dataDir, Uri baseUri, string adminKey)
    {
        this.process = process;
        this.dataDir = dataDir;
        BaseUri = baseUri;
        AdminKey = adminKey;
    }

    public Uri BaseUri { get; }
    public string AdminKey { get; }
    public int Pid => process.Id;

    public static string ServerDll(string repoRoot) =>
        Path.Combine(repoRoot, "src", "Easel.Server", "bin", "Release", "net10.0", "Easel.Server.dll");

    public static async Task<EaselProcess> StartAsync(string repoRoot, params string[] settings)
    {
        var dll = ServerDll(repoRoot);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run dotnet build src/Easel.Server -c Release (bench/run.sh does)");
        }
        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("easel-bench-data-").FullName;
        var adminKey = "sk_admin_bench_" + Guid.NewGuid().ToString("N");
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDir,
        };
        foreach (var arg in new[]
        {
            dll, "--urls", baseUri.ToString().TrimEnd('/'), $"--Easel:DataDir={dataDir}", $"--Easel:Admin:Key={adminKey}",
            "--Easel:Sandbox:LatencyMs=0", "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var easel = new EaselProcess(process, dataDir, baseUri, adminKey);
        // Drain its output so a chatty server never blocks on a full pipe; keep warnings visible.
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await easel.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            easel.Dispose();
            throw;
        }
        return easel;
    }

    private static void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine($"  [easel] {line}");
        }
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Easel exited with code {process.ExitCode} before it was healthy");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Easel was not healthy within {limit.TotalSeconds:0} s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Children.Stop(process, dataDir);
}
