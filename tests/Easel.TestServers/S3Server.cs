using System.Diagnostics;
using System.Globalization;
using System.Text;

using static Easel.TestServers.ChildProcesses;

namespace Easel.TestServers;

/// <summary>
/// A throwaway S3-compatible server for tests: the npm package s3rver (installed once per machine by <see cref="NpmTool"/>)
/// on 127.0.0.1, on a port the OS picks, keeping its data in a temporary folder. It exits by itself once this process is gone.
/// s3rver implements neither ListMultipartUploads nor AbortMultipartUpload.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string Version = "3.7.1";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    static readonly Lazy<Task<S3Server>> s_shared = new(() => StartAsync());

    // argv: the s3rver module, the data folder, this process's id. Prints the port, then polls for the parent.
    const string Launcher = """
        const [, mod, dir, parent] = process.argv;
        const S3rver = require(mod);
        const gone = () => { try { process.kill(+parent, 0); return false; } catch { return true; } };
        new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true }).run().then(a => {
          console.log('port=' + a.port);
          setInterval(() => { if (gone()) { require('fs').rmSync(dir, { recursive: true, force: true }); process.exit(0); } }, 1000);
        }, e => { console.error(e); process.exit(1); });
        """;

    readonly string _root = Path.Combine(Path.GetTempPath(), "easel-s3-" + Guid.NewGuid().ToString("N")[..12]);
    readonly StringBuilder _log = new();
    readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Process? _process;
    int _disposed;

    S3Server() => AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

    /// <summary>One server per test process, started on first use and killed at process exit. Do not dispose it.</summary>
    public static Task<S3Server> Shared => s_shared.Value;

    public Uri ServiceUrl { get; private set; } = null!;
    public string AccessKey => "S3RVER";
    public string SecretKey => "S3RVER";
    public string Region => "us-east-1";

    /// <summary>The folder s3rver keeps its buckets in.</summary>
    public string DataDirectory => _root;

    public static async Task<S3Server> StartAsync(CancellationToken ct = default)
    {
        var module = await InstallAsync(ct);
        var server = new S3Server();
        try
        {
            await server.LaunchAsync(module, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (_process is { } process)
        {
            Kill(process);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        DeleteRoot();
    }

    async Task LaunchAsync(string module, CancellationToken ct)
    {
        Directory.CreateDirectory(_root);
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { "-e", Launcher, module, _root, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.Exited += (_, _) => _port.TrySetException(Failure("exited while starting"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var port = await _port.Task.WaitAsync(StartTimeout, ct);
        ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(ServiceUrl, ct);
                return; // any answer, even an error, means it serves
            }
            catch (HttpRequestException) when (clock.Elapsed < StartTimeout && !process.HasExited)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    void OnOutput(string? line)
    {
        AppendLog(line);
        if (line is not null && line.StartsWith("port=", StringComparison.Ordinal))
            _port.TrySetResult(int.Parse(line["port=".Length..], CultureInfo.InvariantCulture));
    }

    void AppendLog(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    InvalidOperationException Failure(string what)
    {
        lock (_log)
            return new InvalidOperationException($"s3rver {what}. Its output:\n{_log}");
    }

    void OnProcessExit(object? sender, EventArgs e)
    {
        if (_process is { } process)
            Kill(process);
        DeleteRoot();
    }

    void DeleteRoot()
    {
        try
        {
            if (Directory.Exists(_root))
                Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The launcher removes it too once this process is gone.
        }
    }

    static async Task<string> InstallAsync(CancellationToken ct) =>
        Path.Combine(await NpmTool.InstallAsync("s3rver", "s3rver", Version, ct), "node_modules", "s3rver");
}
