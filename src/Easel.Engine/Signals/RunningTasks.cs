using System.Collections.Concurrent;

namespace Easel.Engine.Signals;

/// <summary>Tasks this process is running now, so a cancel can stop their work at once.</summary>
public sealed class RunningTasks
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public void Add(string taskId, CancellationTokenSource cancel) => _running[taskId] = cancel;

    public void Remove(string taskId) => _running.TryRemove(taskId, out _);

    public void Cancel(string taskId)
    {
        if (_running.TryGetValue(taskId, out var cancel))
        {
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
