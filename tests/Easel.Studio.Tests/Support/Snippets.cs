using System.Diagnostics;

namespace Easel.Studio.Tests.Support;

/// <summary>Runs a Node snippet from the Studio with the Node that ships inside the Playwright package, so no other runtime is needed.</summary>
public static class Snippets
{
    public static async Task<(int Exit, string Output, byte[] Image)> RunNodeAsync(string code, params (string Name, string Value)[] environment)
    {
        var platform = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var node = Path.Combine(AppContext.BaseDirectory, ".playwright", "node", platform, "node");
        Assert.True(File.Exists(node), $"no node at {node}");
        var dir = Directory.CreateTempSubdirectory("easel-snippet-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "snippet.mjs"), code);
            var start = new ProcessStartInfo(node, "snippet.mjs") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var image = Path.Combine(dir, "image.png");
            return (process.ExitCode, await output + await errors, File.Exists(image) ? await File.ReadAllBytesAsync(image) : []);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
