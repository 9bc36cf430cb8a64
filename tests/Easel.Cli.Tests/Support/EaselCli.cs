using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Cli.Tests.Support;

/// <summary>What one run of <c>easel</c> printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;
}

/// <summary>One real Easel on loopback, and the CLI run against it as a separate process with its own empty home folder.</summary>
public class EaselCli : IAsyncLifetime
{
    private readonly (string Key, string Value)[] _settings;

    public EaselCli()
        : this([])
    {
    }

    protected EaselCli(params (string Key, string Value)[] settings) => _settings = settings;

    public EaselServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await EaselServer.StartAsync(settings: [("Easel:Security:AllowPrivateNetworks", "true"), .. _settings]);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static readonly string CliDll = Path.GetFullPath(typeof(EaselCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "EaselCliDll").Value!);

    public Task<Tenant> TenantAsync(long credits = 1000) => Server.CreateTenantAsync(credits);

    public string Url => Server.BaseAddress.ToString();

    /// <summary>Runs <c>dotnet Easel.Cli.dll args</c> with HOME and XDG_CONFIG_HOME at <paramref name="home"/> and no EASEL_* set.</summary>
    public static Task<CliRun> RunAsync(string home, params string[] args) => RunAsync(home, new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI as <see cref="RunAsync(string, string[])"/> does, with <paramref name="environment"/> set too.</summary>
    public static async Task<CliRun> RunAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = home,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["HOME"] = home;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        info.Environment.Remove("EASEL_URL");
        info.Environment.Remove("EASEL_KEY");
        info.Environment.Remove("EASEL_ADMIN_KEY");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the CLI");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    public static string NewHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "easel-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }
}

/// <summary>The sandbox takes 4 s a task: long enough to cancel one, or to watch a wait.</summary>
public sealed class SlowEaselCli() : EaselCli(("Easel:Sandbox:LatencyMs", "4000"));
