using System.Diagnostics;

using static Easel.TestServers.ChildProcesses;

namespace Easel.TestServers;

/// <summary>
/// An npm package the tests run (s3rver, the OpenAPI validator), installed with npm once per machine under
/// <c>/tmp/easel-{folder}</c>. Test processes run side by side, so a lock file lets one of them install.
/// </summary>
public static class NpmTool
{
    static readonly SemaphoreSlim s_installLock = new(1, 1);

    /// <summary>Installs <paramref name="package"/> at <paramref name="version"/> unless it already is; returns the install folder.</summary>
    public static async Task<string> InstallAsync(string folder, string package, string version, CancellationToken ct)
    {
        var root = Path.Combine("/tmp", "easel-" + folder);
        var marker = Path.Combine(root, "installed-" + version);
        if (File.Exists(marker))
            return root;
        await s_installLock.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(root);
            using var machineLock = await LockFileAsync(Path.Combine(root, "install.lock"), ct);
            if (File.Exists(marker))
                return root;
            await RunCheckedAsync(new ProcessStartInfo("npm")
            {
                ArgumentList = { "install", "--no-audit", "--no-fund", "--no-save", "--prefix", root, $"{package}@{version}" },
            }, ct);
            await File.WriteAllTextAsync(marker, version, ct);
            return root;
        }
        finally
        {
            s_installLock.Release();
        }
    }

    /// <summary>A command the package installed in <paramref name="root"/> provides.</summary>
    public static string Bin(string root, string command) => Path.Combine(root, "node_modules", ".bin", command);

    /// <summary>Runs a package's command to its end: its exit code and what it printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, CancellationToken ct) => ChildProcesses.RunAsync(start, ct);
}
