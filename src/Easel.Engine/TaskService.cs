using Easel.Core;
using Easel.Engine.Outbound;
using Easel.Engine.Signals;
using Easel.Engine.Telemetry;
using Easel.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Easel.Engine;

/// <summary>The one entry point every dialect submits, reads and cancels through.</summary>
public sealed partial class TaskService(
    IEaselStore store,
    ChannelRouter router,
    OutboundTargets targets,
    TaskSignals signals,
    EaselMetrics metrics,
    IOptions<EaselOptions> options,
    TimeProvider clock,
    ILogger<TaskService> log)
{
    /// <summary>The longest a submit may wait for its task to end (<c>Prefer: wait=N</c>).</summary>
    public const int MaxWaitSeconds = 60;

    /// <summary>When a key at its unfinished-task limit is told to try again: a slot frees when any of its tasks ends.</summary>
    private const int UnfinishedRetrySeconds = 5;

    /// <summary>The configured price table: what every submit is priced at, and what <c>/api/models</c> shows.</summary>
    public PriceTable Prices { get; } = options.Value.Prices;

    /// <summary>The model names and aliases every dialect accepts.</summary>
    public ModelNames Models { get; } = new(options.Value.Models.Aliases);

    /// <summary>How long a synchronous answer waits: a task's own time limit plus one lease for it to be claimed.</summary>
    public TimeSpan SynchronousWait { get; } = TimeSpan.FromSeconds(options.Value.Engine.TimeoutSeconds + options.Value.Engine.LeaseSeconds);

    /// <summary>Judges the request, holds it to the key's limits, reserves its price and queues it: all or nothing.</summary>
    /// <param name="fileBase">Base URL for file links in the task's webhook body.</param>
    public async Task<Result<TaskRecord>> SubmitAsync(
        Caller caller, string dialect, GenerationRequest request, IdempotencyLink? idempotency, CancellationToken ct, string? fileBase = null)
    {
        if (GenerationRules.Check(request) is { } invalid)
        {
            return invalid;
        }
        if (router.CannotServe(request, caller) is { } unsupported)
        {
            return RequestError.Invalid(unsupported);
        }
        if (await targets.CheckAsync(request, ct) is { } refused)
        {
            return refused;
        }
        var price = caller.IsTest ? 0 : Prices.PerImage(request.Quality, request.Tier);
        if (request.Seed == 0)
        {
            request = request with { Seed = Ids.NewSeed() };
        }
        var outcome = await store.SubmitTaskAsync(new NewTask(Ids.New("task_"), caller, dialect, request, price) { FileBase = fileBase }, idempotency, ct);
        switch (outcome)
        {
            case SubmitOutcome.Created created:
                LogQueued(created.Task.Id, dialect, created.Task.Reserved, created.Task.FreeImages);
                metrics.Submitted(created.Task);
                signals.WorkAvailable();
                return created.Task;
            case SubmitOutcome.InsufficientCredits short_:
                return new RequestError(ErrorKind.InsufficientCredits,
                    $"insufficient credits: this request needs {short_.Needed}, {short_.Available} available")
                {
                    Shortfall = new CreditShortfall(short_.Needed, short_.Available),
                };
            case SubmitOutcome.TooManyUnfinished busy:
                return RequestError.RateLimited(
                    $"this key already has {busy.Limit} unfinished tasks, its limit; submit again when one ends", UnfinishedRetrySeconds);
            case SubmitOutcome.DailySpendReached spent:
                return RequestError.RateLimited(
                    $"this key's daily spend limit of {spent.Limit} credits would be exceeded ({spent.SpentToday} spent today, {spent.Needed} more needed)",
                    SecondsUntilNextUtcDay());
            case SubmitOutcome.IdempotencyKeyTaken:
                return new RequestError(ErrorKind.IdempotencyInFlight, "a request with this Idempotency-Key is still being processed");
            default:
                throw new InvalidOperationException($"unexpected submit outcome {outcome}");
        }
    }

    private int SecondsUntilNextUtcDay()
    {
        var now = clock.GetUtcNow();
        return (int)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds);
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
        var task = outcome == CancelOutcome.NotFound ? null : await store.GetTaskAsync(taskId, ct);
        if (outcome == CancelOutcome.Canceled)
        {
            LogCanceled(taskId);
            signals.CancelRequested(taskId);
            signals.Ended(taskId);
            if (task is not null)
            {
                metrics.Ended(task, TaskState.Canceled, channel: null, captured: 0, clock.GetUtcNow());
            }
        }
        return (outcome, task);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} queued via {Dialect}, {Reserved} credits reserved, {FreeImages} free images")]
    private partial void LogQueued(string taskId, string dialect, long reserved, int freeImages);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} canceled")]
    private partial void LogCanceled(string taskId);
}
