using Easel.Core;
using Easel.Engine.Channels;
using Easel.Engine.Signals;
using Easel.Engine.Telemetry;
using Easel.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Easel.Engine;

/// <summary>
/// Chooses the channels for a task (priority, then weight), fails over on SPEC §10's retryable errors, keeps each channel's
/// breaker, and writes down every upstream call before it is made so a restart never pays for the same task twice on one
/// channel: an async job is resumed by its id, and a channel whose call was cut off unanswered is not asked again.
/// Test-mode tasks, and installs with no channel configured, use the sandbox.
/// </summary>
public sealed partial class ChannelRouter(
    ChannelSet channels, IEaselStore store, TaskSignals signals, EaselMetrics metrics, IOptions<EaselOptions> options, TimeProvider clock,
    ILogger<ChannelRouter> log)
{
    /// <summary>The channel name test-mode tasks (and installs with no channel) are counted under.</summary>
    public const string SandboxName = "sandbox";

    private static readonly TimeSpan SlotPoll = TimeSpan.FromMilliseconds(500);
    private readonly RoutingOptions _routing = options.Value.Routing;
    private readonly DispatcherOptions _engine = options.Value.Engine;

    public IReadOnlyList<Channel> Upstreams => channels.Upstreams;

    /// <summary>Null when some channel can serve the request for this caller, otherwise why none can (a 400 at submit).</summary>
    public string? CannotServe(GenerationRequest request, Caller caller)
    {
        if (caller.IsTest || channels.Upstreams.Count == 0)
        {
            return channels.Sandbox.CannotServe(request);
        }
        var serving = channels.Upstreams.Where(c => c.Serves(request.Model)).ToList();
        if (serving.Count == 0)
        {
            return $"no channel on this server serves {request.Model.ToWire()}";
        }
        var reasons = serving.Select(c => c.Provider.CannotServe(request)).ToList();
        return reasons.Any(r => r is null) ? null : "no channel can serve this request: " + string.Join("; ", reasons);
    }

    public async Task<ProviderOutcome> GenerateAsync(
        ClaimedTask claim, string owner, IImageSink sink, IReferenceFetcher references, IInputImageSource inputs, CancellationToken ct)
    {
        var (task, request) = claim;
        if (task.Test || channels.Upstreams.Count == 0)
        {
            return await MeasuredAsync(SandboxName, () => channels.Sandbox.GenerateAsync(
                new ProviderJob(task.Id, request, references, sink, NoJournal.Instance) { Inputs = inputs }, ct));
        }
        var (order, resumeId) = Plan(claim);
        ProviderOutcome.Failed? last = null;
        var tried = 0;
        foreach (var channel in order)
        {
            if (tried == _routing.MaxAttempts)
            {
                break;
            }
            var resuming = resumeId is not null;
            if (!resuming && !channel.Breaker.TryAcquire())
            {
                last ??= new ProviderOutcome.Failed($"channel {channel.Name} is paused after repeated failures", FailureCode.UpstreamUnavailable, Retryable: true);
                continue;
            }
            tried++;
            var outcome = await CallAsync(channel, claim, owner, sink, references, inputs, resumeId, ct);
            resumeId = null;
            if (outcome is not ProviderOutcome.Failed { Retryable: true } failed)
            {
                return outcome;
            }
            LogFailover(task.Id, channel.Name, failed.Code);
            last = failed;
        }
        return last ?? new ProviderOutcome.Failed("no channel is available for this request now", FailureCode.NoChannel, Retryable: false);
    }

    /// <summary>The channels to try, in order, and the upstream job to resume on the first one (after a restart).</summary>
    private (List<Channel> Order, string? ResumeId) Plan(ClaimedTask claim)
    {
        var order = channels.Upstreams
            .Where(c => c.Serves(claim.Request.Model) && c.Provider.CannotServe(claim.Request) is null)
            .GroupBy(c => c.Options.Priority)
            .OrderBy(g => g.Key)
            .SelectMany(g => WeightedShuffle(g.ToList()))
            .ToList();
        if (claim.Upstream is not { } mark || order.Find(c => c.Name == mark.Channel) is not { } previous)
        {
            return (order, null);
        }
        order.Remove(previous);
        if (mark.UpstreamTaskId is null)
        {
            // Its call was cut off unanswered: it may have done (and charged for) the work, so it is not asked again.
            return (order, null);
        }
        order.Insert(0, previous);
        return (order, mark.UpstreamTaskId);
    }

    private async Task<ProviderOutcome> CallAsync(
        Channel channel, ClaimedTask claim, string owner, IImageSink sink, IReferenceFetcher references, IInputImageSource inputs, string? resumeId,
        CancellationToken ct)
    {
        var taskId = claim.Task.Id;
        var free = channel.Options.Type == ChannelTypes.Sandbox;
        try
        {
            // Written down with the slot, before the request is sent: a restart then never asks this channel again unawares.
            var mark = resumeId is null && !free ? new UpstreamMark(channel.Name, null) : null;
            if (!await EnterAsync(channel, taskId, owner, mark, ct))
            {
                channel.Breaker.Release();
                return LeaseLost;
            }
            IUpstreamJournal journal = free ? NoJournal.Instance : new StoreJournal(store, taskId, owner, channel.Name);
            var outcome = await MeasuredAsync(channel.Name, () => channel.Provider.GenerateAsync(
                new ProviderJob(taskId, claim.Request, references, sink, journal, resumeId) { Inputs = inputs }, ct));
            if (outcome is ProviderOutcome.Failed { Retryable: true } failed)
            {
                channel.Breaker.RecordFailure(failed.RetryAfter);
            }
            else
            {
                channel.Breaker.RecordSuccess();
            }
            return outcome;
        }
        catch (LeaseLostException)
        {
            channel.Breaker.Release();
            return LeaseLost;
        }
        catch
        {
            channel.Breaker.Release();
            throw;
        }
    }

    /// <summary>The provider's answer, tagged with the channel that gave it; its time and outcome class are recorded.</summary>
    private async Task<ProviderOutcome> MeasuredAsync(string channel, Func<Task<ProviderOutcome>> call)
    {
        var started = clock.GetTimestamp();
        try
        {
            var outcome = await call();
            metrics.UpstreamCalled(channel, UpstreamOutcomes.Of(outcome), clock.GetElapsedTime(started));
            return outcome with { Channel = channel };
        }
        catch
        {
            metrics.UpstreamCalled(channel, UpstreamOutcomes.Abandoned, clock.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>Waits for one of the channel's slots, shared by every node; false if the task's lease was lost meanwhile.</summary>
    private async Task<bool> EnterAsync(Channel channel, string taskId, string owner, UpstreamMark? mark, CancellationToken ct)
    {
        var lease = TimeSpan.FromSeconds(_engine.LeaseSeconds);
        while (true)
        {
            var freed = signals.NextEnd();
            switch (await store.EnterChannelAsync(taskId, owner, channel.Name, channel.Options.MaxConcurrency, mark, lease, ct))
            {
                case ChannelEntry.Entered:
                    return true;
                case ChannelEntry.LeaseLost:
                    return false;
            }
            // A slot frees when a task ends, here or (signalled, or seen at the next look) on another node.
            await Task.WhenAny(freed, Task.Delay(SlotPoll, clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    private static ProviderOutcome.Failed LeaseLost => new("the task was canceled or taken over", FailureCode.LeaseLost, Retryable: false);

    private static IEnumerable<Channel> WeightedShuffle(List<Channel> group)
    {
        while (group.Count > 0)
        {
            var pick = Random.Shared.Next(group.Sum(c => c.Options.Weight));
            var chosen = group.First(c => (pick -= c.Options.Weight) < 0);
            group.Remove(chosen);
            yield return chosen;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {TaskId}: channel {Channel} failed ({Code}); trying the next channel")]
    private partial void LogFailover(string taskId, string channel, FailureCode code);

    /// <summary>Records an async upstream's job id on the task, fenced on the lease.</summary>
    private sealed class StoreJournal(IEaselStore store, string taskId, string owner, string channel) : IUpstreamJournal
    {
        public async Task RecordSubmittedAsync(string upstreamTaskId, CancellationToken cancellationToken)
        {
            if (!await store.MarkUpstreamAsync(taskId, owner, new UpstreamMark(channel, upstreamTaskId), CancellationToken.None))
            {
                throw new LeaseLostException();
            }
        }
    }

    private sealed class NoJournal : IUpstreamJournal
    {
        public static readonly NoJournal Instance = new();

        public Task RecordSubmittedAsync(string upstreamTaskId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class LeaseLostException : Exception;
}
