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
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);

    public void WorkAvailable() => _submitted.Release();

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => WaitAsync(_submitted, timeout, ct);

    /// <summary>Wakes the webhook sender after a task change, which may have queued a delivery.</summary>
    public Task WaitForWebhooksAsync(TimeSpan timeout, CancellationToken ct) => WaitAsync(_changed, timeout, ct);

    public void Changed(string taskId)
    {
        if (_changed.CurrentCount == 0)
        {
            _changed.Release();
        }
        if (_changes.TryRemove(taskId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    /// <summary>A task that completes at the next change of <paramref name="taskId"/> in this process. Subscribe, then read, then wait: no change slips between.</summary>
    public Task NextChange(string taskId) =>
        _changes.GetOrAdd(taskId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private static async Task WaitAsync(SemaphoreSlim signal, TimeSpan timeout, CancellationToken ct)
    {
        if (await signal.WaitAsync(timeout, ct))
        {
            // Several wake-ups may have piled up; one pass serves them all.
            while (signal.CurrentCount > 0 && signal.Wait(0, CancellationToken.None))
            {
            }
        }
    }

    public void Dispose()
    {
        _submitted.Dispose();
        _changed.Dispose();
    }
}
