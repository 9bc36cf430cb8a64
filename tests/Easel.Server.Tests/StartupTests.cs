using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Easel.Engine;
using Easel.Server.Operations;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Easel.Server.Tests;

/// <summary>
/// Easel started as an operator starts it, a process: what stops it says so in one line on stderr with exit code 1, before any
/// background work; a good start prints the banner.
/// </summary>
public sealed partial class StartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));

    private string DataDir => Path.Combine(_folder, "data");

    [Fact]
    public async Task A_setting_that_does_not_convert_stops_Easel_before_the_data_folder_is_made()
    {
        var run = await StartAsync([], ("Easel:Engine:PollMilliseconds", "often"));

        var line = AssertRefused(run, "'often'", "Easel:Engine:PollMilliseconds");
        Assert.Contains("Easel configuration", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir), "the data folder was made although the settings were refused");
    }

    [Fact]
    public async Task A_setting_out_of_its_range_stops_Easel_naming_it()
    {
        var run = await StartAsync([], ("Easel:FileTtlHours", "0"));

        AssertRefused(run, "FileTtlHours");
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task A_busy_port_stops_Easel_before_any_task_is_claimed()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await StartAsync(["--urls", $"http://127.0.0.1:{port}"]);

        AssertRefused(run, $"127.0.0.1:{port}", "address already in use");
        Assert.DoesNotContain("Application started", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:80x")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("ftp://127.0.0.1:2121")]
    [InlineData("localhost")]
    public async Task A_listen_address_Kestrel_cannot_use_stops_Easel_naming_it(string address)
    {
        var run = await StartAsync(["--urls", address]);

        AssertRefused(run, $"'{address}'", "--urls");
        Assert.False(Directory.Exists(DataDir), "the data folder was made although the address was refused");
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_made_stops_Easel_naming_it()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var underFile = Path.Combine(file, "data");

        var run = await StartAsync([], ("Easel:DataDir", underFile));

        AssertRefused(run, underFile, "Easel:DataDir");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_data_folder_Easel_may_not_write_stops_Easel_naming_it()
    {
        Directory.CreateDirectory(DataDir);
        File.SetUnixFileMode(DataDir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var run = await EaselCommand.RunAsync(["--urls", "http://127.0.0.1:0"], [("Easel:DataDir", DataDir)], unprivileged: true);

        AssertRefused(run, DataDir, "Easel:DataDir");
        Assert.Empty(Directory.EnumerateFileSystemEntries(DataDir));
    }

    [Fact]
    public async Task A_good_start_prints_the_banner_and_names_an_unknown_setting()
    {
        using var easel = await EaselProcess.StartAsync(DataDir, ("Easel:Limts:PerMinute", "1"), ("Easel:Engine:LeaseSeconds", "30"));

        var output = await easel.WaitForOutputAsync(line => line.Contains(StartupBanner.SandboxSentence, StringComparison.Ordinal));

        Assert.Contains(output, line => VersionLine().IsMatch(line));
        Assert.Contains(output, line => line.StartsWith("  Listening on", StringComparison.Ordinal) && line.Contains(easel.BaseAddress.Authority, StringComparison.Ordinal));
        Assert.Contains(output, line => line.StartsWith("  Database", StringComparison.Ordinal) && line.EndsWith(Path.Combine(DataDir, "easel.db"), StringComparison.Ordinal));
        Assert.Contains(output, line => line.StartsWith("  Files", StringComparison.Ordinal) && line.EndsWith(Path.Combine(DataDir, "files"), StringComparison.Ordinal));
        Assert.Contains("  Channels      none (the sandbox)", output);
        Assert.Contains("  Admin key     fixed by the Easel__Admin__Key setting", output);
        Assert.Contains(output, line => line.Contains("placeholders", StringComparison.Ordinal));
        var warned = output.Where(line => line.Contains("is not one Easel knows", StringComparison.Ordinal)).ToList();
        Assert.Equal(["      The setting Easel:Limts is not one Easel knows (misspelled?); it is ignored"], warned);
        Assert.DoesNotContain(output, line => line.Contains(EaselServer.AdminKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_only_sandbox_channels_and_no_admin_key_set_the_banner_says_so()
    {
        using var easel = await EaselProcess.StartAsync(DataDir, ("Easel:Admin:Key", ""), ("Easel:Channels:play:Type", "sandbox"));

        var output = await easel.WaitForOutputAsync(line => line.Contains(StartupBanner.SandboxSentence, StringComparison.Ordinal));

        Assert.Contains("  Channels      play (sandbox)", output);
        Assert.Contains(output, line => line.StartsWith("  Admin key     generated by Easel", StringComparison.Ordinal));
        Assert.Contains(output, line => line.StartsWith("Easel admin key (shown once, keep it safe): sk_admin_", StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains("is not one Easel knows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_healthcheck_command_exits_0_for_a_healthy_Easel_and_1_for_an_address_nobody_answers()
    {
        await using (var easel = await EaselServer.StartAsync(dataDir: DataDir))
        {
            var healthy = await EaselCommand.RunAsync(["healthcheck", new Uri(easel.BaseAddress, "/healthz").ToString()], []);
            Assert.True(healthy.ExitCode == 0, $"exit code {healthy.ExitCode}: {healthy.Error}");
        }
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}/healthz";
        closed.Stop();

        var down = await EaselCommand.RunAsync(["healthcheck", url], []);

        Assert.Equal(1, down.ExitCode);
        Assert.StartsWith($"Easel is not healthy: {url} did not answer", Assert.Single(down.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_fails_to_stop_is_logged_and_the_others_still_stop()
    {
        var sink = new CapturingLoggerProvider();
        var easel = await EaselServer.StartAsync(dataDir: DataDir, configure: b =>
        {
            b.Logging.AddProvider(sink);
            b.Services.AddHostedService<FailsToStop>();
        });
        easel.Admin.Dispose();

        await Assert.ThrowsAnyAsync<Exception>(() => easel.App.StopAsync());

        Assert.Contains(sink.Lines, line => line.StartsWith("Easel.Server.Operations.BackgroundWork: FailsToStop failed to stop", StringComparison.Ordinal)
            && line.Contains(FailsToStop.Failure, StringComparison.Ordinal));
        Assert.True(easel.Services.GetRequiredService<TaskDispatcher>().ExecuteTask!.IsCompleted, "the dispatcher was left running");
        await easel.App.DisposeAsync();
    }

    private sealed class FailsToStop : IHostedService
    {
        public const string Failure = "this service refuses to stop";

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(Failure);
    }

    /// <summary>Exit code 1, one line on stderr naming the problem, no stack trace, and no background work begun.</summary>
    private static string AssertRefused(CommandRun run, params string[] mentions)
    {
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}:\n{run.Error}\n{run.Output}");
        Assert.DoesNotContain("   at ", run.Error + run.Output, StringComparison.Ordinal);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Easel cannot start: ", line, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, line, StringComparison.Ordinal);
        }
        // The dispatcher logs this as it starts (at Information, the default level).
        Assert.DoesNotContain("dispatcher", run.Output, StringComparison.Ordinal);
        return line;
    }

    private Task<CommandRun> StartAsync(string[] args, params (string Key, string Value)[] settings) =>
        EaselCommand.RunAsync(args.Length > 0 ? args : ["--urls", "http://127.0.0.1:0"], settings.Prepend(("Easel:DataDir", DataDir)));

    public void Dispose()
    {
        if (Directory.Exists(DataDir) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [GeneratedRegex(@"^Easel \d+\.\d+\.\d+")]
    private static partial Regex VersionLine();
}
