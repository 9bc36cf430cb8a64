using Easel.Engine.Signals;
using Easel.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Easel.Engine;

/// <summary>Claims queued (or abandoned) tasks with a lease and runs them, at most <c>MaxConcurrency</c> at once.</summary>
public sealed partial class TaskDispatcher(
    IEaselStore store, TaskRunner runner, TaskSignals signals, IOptions<EaselOptions> options, TimeProvider clock, ILogger<TaskDispatcher> log)
    : BackgroundService
{
    private readonly DispatcherOptions _options = options.Value.Engine;

    public string NodeId { get; } = options.Value.Engine.NodeId ?? $"{Environment.MachineName}-{Core.Ids.New("", 8)}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        var inFlight = new List<Task>();
        var poll = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        long claims = 0;
        LogStarted(NodeId, _options.MaxConcurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = slots.CurrentCount;
                // Each claim leases under a name of its own: should this node claim back a task whose lease ran out while
                // it still ran it (renewals failing, say), the earlier run is fenced off like another node's.
                var owner = $"{NodeId}/{++claims}";
                var claimed = free == 0 ? [] : await store.ClaimTasksAsync(owner, TimeSpan.FromSeconds(_options.LeaseSeconds), free, stoppingToken);
                foreach (var claim in claimed)
                {
                    await slots.WaitAsync(stoppingToken);
                    inFlight.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await runner.RunAsync(claim, owner, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                            signals.WorkAvailable();
                        }
                    }, CancellationToken.None));
                }
                inFlight.RemoveAll(t => t.IsCompleted);
                if (claimed.Count == 0 || slots.CurrentCount == 0)
                {
                    await signals.WaitForWorkAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(e);
                await Task.Delay(poll, clock, CancellationToken.None);
            }
        }
        await Task.WhenAll(inFlight);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "dispatcher {NodeId} started with {Slots} slots")]
    private partial void LogStarted(string nodeId, int slots);

    [LoggerMessage(Level = LogLevel.Error, Message = "dispatcher loop failed; retrying")]
    private partial void LogLoopFailed(Exception e);
}
