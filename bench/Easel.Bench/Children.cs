using System.Runtime.InteropServices;

namespace Easel.Bench;

/// <summary>
/// The child processes (Easel, nginx) the bench started: disposed at the end, on error, and on SIGINT/SIGTERM/SIGHUP,
/// so none outlives the bench.
/// </summary>
public static class Children
{
    private static readonly Lock Gate = new();
    private static readonly List<IDisposable> Live = [];
    private static readonly List<PosixSignalRegistration> Signals = [];

    public static void HookSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            // Not cancelled: the default handling (ending the bench) follows the clean-up.
            Signals.Add(PosixSignalRegistration.Create(signal, _ => DisposeAll()));
        }
    }

    public static T Add<T>(T child)
        where T : IDisposable
    {
        lock (Gate)
        {
            Live.Add(child);
        }
        return child;
    }

    public static void Remove(IDisposable child)
    {
        lock (Gate)
        {
            Live.Remove(child);
        }
        child.Dispose();
    }

    public static void DisposeAll()
    {
        IDisposable[] all;
        lock (Gate)
        {
            all = [.. Live];
            Live.Clear();
        }
        foreach (var child in all.Reverse())
        {
            child.Dispose();
        }
    }

    /// <summary>Kills a child process and its tree, then removes its scratch folder.</summary>
    public static void Stop(System.Diagnostics.Process process, string scratch)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
