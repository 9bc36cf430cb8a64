using System.Diagnostics;

namespace Easel.Server.Tests.Support;

/// <summary>What one run of an Easel.Server subcommand did: its exit code and everything it printed.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Error);

/// <summary>Runs Easel.Server with a subcommand as a separate process, the way an operator would.</summary>
public static class EaselCommand
{
    /// <param name="unprivileged">Run as <c>nobody</c> when the tests run as root (root may write into any folder).</param>
    public static async Task<CommandRun> RunAsync(IEnumerable<string> args, IEnumerable<(string Key, string Value)> settings, bool unprivileged = false)
    {
        var asNobody = unprivileged && Environment.IsPrivilegedProcess;
        var info = new ProcessStartInfo(asNobody ? "setpriv" : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] launcher = asNobody ? ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet"] : [];
        foreach (var arg in launcher.Append(Path.Combine(AppContext.BaseDirectory, "Easel.Server.dll")).Concat(args).Concat(settings.Select(s => $"--{s.Key}={s.Value}")))
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start Easel.Server");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Easel.Server {string.Join(' ', args)} ran past two minutes");
        }
        return new CommandRun(process.ExitCode, await output, await error);
    }
}
