using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Easel.TestServers;

/// <summary>What the throwaway servers share: running install and setup commands, killing children, a machine-wide lock.</summary>
internal static class ChildProcesses
{
    /// <summary>Kills the process and everything it started; one that has exited already is left alone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // It has exited already.
        }
    }

    /// <summary>A lock held across processes (test projects run side by side) for as long as the stream is open.</summary>
    public static async Task<FileStream> LockFileAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>Runs the command to its end; a non-zero exit code throws with what it printed.</summary>
    public static async Task RunCheckedAsync(ProcessStartInfo start, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(start, ct);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{start.FileName} {string.Join(' ', start.ArgumentList)}' exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}:\n{output}");
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, CancellationToken ct)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        using var cancel = ct.Register(() => Kill(process));
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        return (process.ExitCode, await stdout + await stderr);
    }
}
