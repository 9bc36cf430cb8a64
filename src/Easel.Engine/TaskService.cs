using Easel.Core;
using Easel.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Easel.Engine;

/// <summary>The one entry point every dialect submits, reads and cancels through.</summary>
public sealed partial class TaskService(
    IEaselStore store, ChannelRouter router, TaskSignals signals, RunningTasks running, IOptions<EaselOptions> options, TimeProvider clock, ILogger<TaskService> log)
{
    /// <summary>The longest a submit may wait for its task to end (<c>Prefer: wait=N</c>).</summary>
    public const int MaxWaitSeconds = 60;

    private readonly PriceTable _prices = options.Value.Prices;

    /// <summary>How long a synchronous answer waits: a task's own time limit plus one lease for it to be claimed.</summary>
    public TimeSpan SynchronousWait { get; } = TimeSpan.FromSeconds(options.Value.Engine.TimeoutSeconds + options.Value.Engine.LeaseSeconds);

    /// <summary>Judges the request, reserves its price and queues it: all or nothing.</summary>
    public async Task<Result<TaskRecord>> SubmitAsync(
        Caller caller, string dialect, GenerationRequest request, (string Scope, string Key)? idempotency, CancellationToken ct)
    {
        if (GenerationRules.Check(request) is { } invalid)
        {
            return invalid;
        }
        if (router.CannotServe(request, caller) is { } unsupported)
        {
            return RequestError.Invalid(unsupported);
        }
        var reservation = caller.IsTest ? 0 : _prices.Reservation(request.Quality, request.Tier, request.ImageCount);
        if (request.Seed == 0)
        {
            request = request with { Seed = Ids.NewSeed() };
        }
        var outcome = await store.SubmitTaskAsync(new NewTask(Ids.New("task_"), caller, dialect, request, reservation), idempotency, ct);
        switch (outcome)
        {
            case SubmitOutcome.Created created:
                LogQueued(created.Task.Id, dialect, reservation);
                signals.WorkAvailable();
                return created.Task;
            case SubmitOutcome.InsufficientCredits short_:
                return new RequestError(ErrorKind.InsufficientCredits,
                    $"insufficient credits: this request needs {short_.Needed}, {short_.Available} available");
            default:
                throw new InvalidOperationException($"unexpected submit outcome {outcome}");
        }
    }

    /// <summary>The task if it belongs to the account; another account's task does not exist for the caller.</summary>
    public async Task<TaskRecord?> GetAsync(string accountId, string taskId, CancellationToken ct)
    {
        var task = await store.GetTaskAsync(taskId, ct);
        return task?.AccountId == accountId ? task : null;
    }

    public async Task<(CancelOutcome Outcome, TaskRecord? Task)> CancelAsync(string accountId, string taskId, CancellationToken ct)
    {
        var outcome = await store.CancelTaskAsync(taskId, accountId, ct);
        if (outcome == CancelOutcome.Canceled)
        {
            LogCanceled(taskId);
            running.Cancel(taskId);
            signals.Changed(taskId);
        }
        return (outcome, outcome == CancelOutcome.NotFound ? null : await store.GetTaskAsync(taskId, ct));
    }

    /// <summary>Returns the task once <paramref name="done"/> holds for it, or as it is when <paramref name="timeout"/> passes.</summary>
    public async Task<TaskRecord> WaitForChangeAsync(TaskRecord seen, TimeSpan timeout, Func<TaskRecord, bool> done, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        var current = seen;
        while (!done(current))
        {
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break;
            }
            var change = signals.NextChange(current.Id);
            current = await store.GetTaskAsync(current.Id, ct) ?? current;
            if (done(current))
            {
                break;
            }
            // Changes made by another node are not signalled here: re-read at least once a second.
            await Task.WhenAny(change, Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), clock, ct));
            ct.ThrowIfCancellationRequested();
        }
        return current;
    }

    /// <summary>
    /// For dialects that answer synchronously: the task once it has ended. A caller that leaves, or a wait past
    /// <see cref="SynchronousWait"/>, cancels the task: such a caller can never receive a later result, so it pays nothing.
    /// </summary>
    public async Task<TaskRecord> AwaitEndAsync(TaskRecord task, CancellationToken requestAborted)
    {
        try
        {
            task = await WaitForChangeAsync(task, SynchronousWait, t => t.State.IsTerminal(), requestAborted);
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            await CancelAsync(task.AccountId, task.Id, CancellationToken.None);
            throw;
        }
        if (task.State.IsTerminal())
        {
            return task;
        }
        var (_, current) = await CancelAsync(task.AccountId, task.Id, CancellationToken.None);
        return current ?? task;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} queued via {Dialect}, {Reserved} credits reserved")]
    private partial void LogQueued(string taskId, string dialect, long reserved);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} canceled")]
    private partial void LogCanceled(string taskId);
}
