using System.Diagnostics;

using static Easel.TestServers.ChildProcesses;

namespace Easel.TestServers;

/// <summary>
/// Installs a Debian package a test needs when what it provides is missing and the process is root, so the README's test
/// command passes on a fresh Debian machine. Test processes run side by side: one installs, the others wait and find it done.
/// </summary>
public static class DebianPackages
{
    static readonly SemaphoreSlim s_installLock = new(1, 1);

    /// <param name="package">The package that provides it, such as <c>postgresql</c>.</param>
    /// <param name="find">Where it is installed, or null when it is missing.</param>
    public static async Task<string> FindOrInstallAsync(string package, Func<string?> find, CancellationToken ct)
    {
        if (find() is { } found)
            return found;
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"'{package}' is not installed; install it with 'apt-get install {package}'.");

        await s_installLock.WaitAsync(ct);
        try
        {
            using var machineLock = await LockFileAsync(Path.Combine("/tmp", "easel-testservers-apt.lock"), ct);
            if (find() is { } installed)
                return installed;
            await RunCheckedAsync(new ProcessStartInfo("apt-get") { ArgumentList = { "update", "-qq" } }, ct);
            var install = new ProcessStartInfo("apt-get")
            {
                ArgumentList = { "install", "-y", "-qq", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", package },
            };
            install.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            await RunCheckedAsync(install, ct);
            return find() ?? throw new InvalidOperationException($"'apt-get install {package}' did not provide what the tests need.");
        }
        finally
        {
            s_installLock.Release();
        }
    }
}
