using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Easel.Server.Tests.Support;

/// <summary>Easel as a separate OS process, so a test can kill it the hard way.</summary>
public sealed class EaselProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private EaselProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What it has printed so far, standard output and error interleaved, one line each.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    public static async Task<EaselProcess> StartAsync(string dataDir, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Easel.Server.dll"), "--urls", $"http://127.0.0.1:{port}", $"--Easel:DataDir={dataDir}", $"--Easel:Admin:Key={EaselServer.AdminKey}" }
            .Concat(settings.Select(s => $"--{s.Key}={s.Value}")))
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start Easel");
        var server = new EaselProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout.
            }
            await Task.Delay(100);
        }
        server.Dispose();
        throw new InvalidOperationException("Easel did not become healthy");
    }

    /// <summary>Waits until it has printed a line that <paramref name="wanted"/> holds for (at most a minute), and returns all it printed.</summary>
    public async Task<IReadOnlyList<string>> WaitForOutputAsync(Func<string, bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Output.Any(wanted))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Easel did not print the line awaited; it printed:\n{string.Join('\n', Output)}");
            await Task.Delay(50);
        }
        return Output;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a power cut to the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
