using Easel.Core;
using Easel.Engine.Signals;
using Easel.Engine.Telemetry;
using Easel.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Easel.Engine;

/// <summary>Runs one leased task to its end: provider call, result storage, and the completion that captures credits.</summary>
public sealed partial class TaskRunner(
    IEaselStore store,
    IBlobStore blobs,
    ChannelRouter router,
    IReferenceFetcher references,
    InputImageStore inputs,
    TaskSignals signals,
    RunningTasks running,
    EaselMetrics metrics,
    IOptions<EaselOptions> options,
    TimeProvider clock,
    ILogger<TaskRunner> log)
{
    private readonly EaselOptions _options = options.Value;

    public async Task RunAsync(ClaimedTask claim, string owner, CancellationToken stopping)
    {
        var (task, request) = claim;
        var sink = new BlobImageSink(blobs);
        IReadOnlyList<GeneratedImage> kept = [];
        if (task.Attempts > _options.Engine.MaxAttempts)
        {
            await FailAsync(task, owner, FailureCode.Interrupted, "the task was interrupted too many times; no credits were charged");
            return;
        }
        metrics.Started(task, clock.GetUtcNow());
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cancel.CancelAfter(TimeSpan.FromSeconds(_options.Engine.TimeoutSeconds));
        running.Add(task.Id, cancel);
        LogRunning(task.Id, task.Attempts);
        signals.Changed(task.Id);
        using var lease = KeepLeaseAsync(task.Id, owner, cancel);
        try
        {
            var outcome = await router.GenerateAsync(claim, owner, sink, references, inputs, cancel.Token);
            switch (outcome)
            {
                case ProviderOutcome.Succeeded ok:
                    kept = await CompleteAsync(task, request.Tier, owner, ok) ? ok.Images : [];
                    break;
                case ProviderOutcome.Failed failed:
                    await FailAsync(task, owner, failed.Code, failed.Message, failed.Channel);
                    break;
            }
        }
        catch (ReferenceFetchException e)
        {
            await FailAsync(task, owner, FailureCode.InvalidReferenceImage, e.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the task is taken up again, by this node after a restart or by another.
            LogInterrupted(task.Id);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Canceled by the client (the store already says so and refunded), or the lease was lost, or it timed out.
            await FailAsync(task, owner, FailureCode.Timeout, "the task did not finish in time; no credits were charged");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCrashed(e, task.Id);
            await FailAsync(task, owner, FailureCode.InternalError, "the task failed inside Easel; no credits were charged");
        }
        finally
        {
            running.Remove(task.Id, cancel);
            await cancel.CancelAsync();
            await sink.DeleteAllExceptAsync(kept);
        }
    }

    /// <summary>Records the stored images and captures at the resolved quality; false when the result is to be discarded.</summary>
    private async Task<bool> CompleteAsync(TaskRecord task, BillingTier tier, string owner, ProviderOutcome.Succeeded ok)
    {
        var expires = clock.GetUtcNow().AddHours(_options.FileTtlHours);
        // The task's free images are not charged; only the rest is captured, at the resolved quality.
        var capture = _options.Prices.Capture(ok.ResolvedQuality, tier, Math.Max(0, ok.Images.Count - task.FreeImages), task.Reserved);
        if (await store.CompleteTaskAsync(task.Id, owner, ok.Images, expires, ok.ResolvedQuality, capture, CancellationToken.None))
        {
            LogSucceeded(task.Id, ok.Images.Count, capture);
            signals.Ended(task.Id);
            metrics.Ended(task, TaskState.Succeeded, ok.Channel, capture, clock.GetUtcNow());
            metrics.Stored("image", ok.Images.Sum(i => i.ByteCount));
            return true;
        }
        // Canceled meanwhile, or the lease went to another node: the result is discarded and nothing is charged here.
        LogDiscarded(task.Id);
        return false;
    }

    /// <param name="channel">The channel whose answer failed the task; none when it ended otherwise.</param>
    private async Task FailAsync(TaskRecord task, string owner, FailureCode code, string message, string? channel = null)
    {
        if (await store.FailTaskAsync(task.Id, owner, code, message, CancellationToken.None))
        {
            LogFailed(task.Id, code);
            signals.Ended(task.Id);
            metrics.Ended(task, TaskState.Failed, channel, captured: 0, clock.GetUtcNow());
        }
    }

    /// <summary>Renews the lease at a third of its length; a refused renewal (canceled, or taken over) stops the work.</summary>
    private PeriodicTimer KeepLeaseAsync(string taskId, string owner, CancellationTokenSource cancel)
    {
        var length = TimeSpan.FromSeconds(_options.Engine.LeaseSeconds);
        var timer = new PeriodicTimer(length / 3, clock);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cancel.Token))
                {
                    if (await RenewAsync(taskId, owner, length, cancel.Token) == false)
                    {
                        await cancel.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        });
        return timer;
    }

    /// <summary>
    /// Null when the store could not be asked (the database is unreachable, say): the next tick asks again. Should none get
    /// through before the lease runs out, the task is taken over and this run's writes are refused.
    /// </summary>
    private async Task<bool?> RenewAsync(string taskId, string owner, TimeSpan length, CancellationToken ct)
    {
        try
        {
            return await store.RenewLeaseAsync(taskId, owner, length, ct);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ObjectDisposedException or OutOfMemoryException))
        {
            LogRenewalFailed(e, taskId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} running (attempt {Attempt})")]
    private partial void LogRunning(string taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} succeeded with {Images} images, {Captured} credits captured")]
    private partial void LogSucceeded(string taskId, int images, long captured);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} failed: {Code}")]
    private partial void LogFailed(string taskId, FailureCode code);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} result discarded: canceled or taken over")]
    private partial void LogDiscarded(string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} interrupted by shutdown; it resumes when its lease expires")]
    private partial void LogInterrupted(string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {TaskId}: its lease could not be renewed now; trying again at the next renewal")]
    private partial void LogRenewalFailed(Exception e, string taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "task {TaskId} crashed")]
    private partial void LogCrashed(Exception e, string taskId);
}
