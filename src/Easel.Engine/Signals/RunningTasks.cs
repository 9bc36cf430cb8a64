using System.Collections.Concurrent;

namespace Easel.Engine.Signals;

/// <summary>Tasks this process is running now, so a cancel can stop their work at once.</summary>
public sealed class RunningTasks
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public void Add(string taskId, CancellationTokenSource cancel) => _running[taskId] = cancel;

    /// <summary>Forgets this run of the task; a later run of the same task on this node (it claimed the task back) stays.</summary>
    public void Remove(string taskId, CancellationTokenSource cancel) => _running.TryRemove(KeyValuePair.Create(taskId, cancel));

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
