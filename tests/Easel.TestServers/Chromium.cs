namespace Easel.TestServers;

/// <summary>Debian's <c>chromium</c> for browser tests: Playwright drives it by path, so no browser is ever downloaded.</summary>
public static class Chromium
{
    static readonly string[] s_candidates = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"];

    /// <summary>The chromium binary, installing the <c>chromium</c> package first when it is missing.</summary>
    public static Task<string> FindOrInstallAsync(CancellationToken ct = default) =>
        DebianPackages.FindOrInstallAsync("chromium", () => s_candidates.FirstOrDefault(File.Exists), ct);
}
