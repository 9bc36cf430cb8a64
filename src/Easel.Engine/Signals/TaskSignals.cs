using System.Collections.Concurrent;

namespace Easel.Engine.Signals;

/// <summary>
/// Wake-ups, on this node and, through the <see cref="ISignalRelay"/>, on every other: the dispatcher wakes when work is
/// submitted or a slot frees up, waiters (<c>Prefer: wait</c>, event streams, synchronous answers) when a task changes,
/// a runner when its task is canceled, and key caches when a key changes. Signals are hints: a lost one costs only
/// latency, since every waiter also polls.
/// </summary>
public sealed class TaskSignals : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _submitted = new(0, int.MaxValue);
    private readonly SemaphoreSlim _ended = new(0, int.MaxValue);
    private TaskCompletionSource _nextEnd = NewWaiter();
    private readonly RunningTasks _running;
    private readonly ISignalRelay _relay;

    public TaskSignals(RunningTasks running, ISignalRelay relay)
    {
        _running = running;
        _relay = relay;
        relay.Received += Apply;
    }

    /// <summary>A key (or every key of an account) changed: revoked, or its limits. Caches of keys listen.</summary>
    public event Action<Signal>? KeysChanged;

    public void WorkAvailable() => Raise(new Signal(SignalKind.WorkAvailable, ""));

    public void Changed(string taskId) => Raise(new Signal(SignalKind.TaskChanged, taskId));

    /// <summary>The task ended, or its webhook was queued again: besides its waiters, the webhook senders wake.</summary>
    public void Ended(string taskId) => Raise(new Signal(SignalKind.TaskEnded, taskId));

    /// <summary>Stops the task's run on whichever node is running it.</summary>
    public void CancelRequested(string taskId) => Raise(new Signal(SignalKind.CancelRequested, taskId));

    public void KeyChanged(string keyId) => Raise(new Signal(SignalKind.KeyChanged, keyId));

    public void AccountKeysChanged(string accountId) => Raise(new Signal(SignalKind.AccountKeysChanged, accountId));

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => WaitAsync(_submitted, timeout, ct);

    /// <summary>Returns when a task has ended (which may have queued a delivery), or after <paramref name="timeout"/>.</summary>
    public Task WaitForWebhooksAsync(TimeSpan timeout, CancellationToken ct) => WaitAsync(_ended, timeout, ct);

    /// <summary>A task that completes at the next change of <paramref name="taskId"/> seen by this node. Subscribe, then read, then wait: no change slips between.</summary>
    public Task NextChange(string taskId) =>
        _changes.GetOrAdd(taskId, _ => NewWaiter()).Task;

    /// <summary>A task that completes when any task next ends, as this node hears of it (a channel slot may have freed).</summary>
    public Task NextEnd() => Volatile.Read(ref _nextEnd).Task;

    private static TaskCompletionSource NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Raise(Signal signal)
    {
        Apply(signal);
        _relay.Send(signal);
    }

    private void Apply(Signal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.WorkAvailable:
                _submitted.Release();
                break;
            case SignalKind.TaskChanged:
                WakeWaiters(signal.Id);
                break;
            case SignalKind.TaskEnded:
                WakeWaiters(signal.Id);
                Interlocked.Exchange(ref _nextEnd, NewWaiter()).TrySetResult();
                if (_ended.CurrentCount == 0)
                {
                    _ended.Release();
                }
                break;
            case SignalKind.CancelRequested:
                _running.Cancel(signal.Id);
                break;
            case SignalKind.KeyChanged or SignalKind.AccountKeysChanged:
                KeysChanged?.Invoke(signal);
                break;
        }
    }

    private void WakeWaiters(string taskId)
    {
        if (_changes.TryRemove(taskId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

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
        _relay.Received -= Apply;
        _submitted.Dispose();
        _ended.Dispose();
    }
}
