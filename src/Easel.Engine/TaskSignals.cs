using System.Collections.Concurrent;

namespace Easel.Engine;

/// <summary>
/// In-process wake-ups: the dispatcher wakes when a task is submitted or a slot frees up, and waiters (<c>Prefer: wait</c>, event streams)
/// wake when a task changes. Other nodes' changes are seen by the callers' own periodic re-reads.
/// </summary>
public sealed class TaskSignals : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _submitted = new(0, int.MaxValue);

    public void WorkAvailable() => _submitted.Release();

    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (await _submitted.WaitAsync(timeout, ct))
        {
            // Several wake-ups may have piled up; one pass of the dispatcher serves them all.
            while (_submitted.CurrentCount > 0 && _submitted.Wait(0, CancellationToken.None))
            {
            }
        }
    }

    public void Changed(string taskId)
    {
        if (_changes.TryRemove(taskId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    /// <summary>A task that completes at the next change of <paramref name="taskId"/> in this process. Subscribe, then read, then wait: no change slips between.</summary>
    public Task NextChange(string taskId) =>
        _changes.GetOrAdd(taskId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Dispose() => _submitted.Dispose();
}
