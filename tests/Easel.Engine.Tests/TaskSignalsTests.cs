using System.Diagnostics;
using Easel.Engine.Signals;
using Easel.Engine.Tests.Support;

namespace Easel.Engine.Tests;

public sealed class TaskSignalsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_waiter_wakes_at_its_own_tasks_next_change_and_not_at_another_tasks()
    {
        using var signals = new TaskSignals(new RunningTasks(), new NoRelay());
        var next = signals.NextChange("task_a");

        signals.Changed("task_b");
        await Task.Delay(50, EngineRig.Ct);
        Assert.False(next.IsCompleted);

        signals.Changed("task_a");
        await next.WaitAsync(Long, EngineRig.Ct);
        Assert.False(signals.NextChange("task_a").IsCompleted);
    }

    [Fact]
    public async Task An_ending_wakes_the_tasks_waiters_and_the_webhook_sender_once_however_many_tasks_ended()
    {
        using var signals = new TaskSignals(new RunningTasks(), new NoRelay());
        var next = signals.NextChange("task_a");

        signals.Ended("task_a");
        signals.Ended("task_b");
        signals.Ended("task_c");

        await next.WaitAsync(Long, EngineRig.Ct);
        Assert.True(await ElapsedAsync(() => signals.WaitForWebhooksAsync(Long, EngineRig.Ct)) < Long / 4);
        Assert.True(await ElapsedAsync(() => signals.WaitForWebhooksAsync(Short, EngineRig.Ct)) >= Short / 2);
    }

    [Fact]
    public async Task Work_signals_that_piled_up_are_served_by_one_wake_up()
    {
        using var signals = new TaskSignals(new RunningTasks(), new NoRelay());

        signals.WorkAvailable();
        signals.WorkAvailable();
        signals.WorkAvailable();

        Assert.True(await ElapsedAsync(() => signals.WaitForWorkAsync(Long, EngineRig.Ct)) < Long / 4);
        Assert.True(await ElapsedAsync(() => signals.WaitForWorkAsync(Short, EngineRig.Ct)) >= Short / 2);
    }

    [Fact]
    public async Task What_one_node_signals_reaches_the_other_nodes_dispatcher_waiters_runner_and_key_cache()
    {
        var (relayA, relayB) = PairedRelay.Create();
        var runningOnB = new RunningTasks();
        using var nodeA = new TaskSignals(new RunningTasks(), relayA);
        using var nodeB = new TaskSignals(runningOnB, relayB);
        using var run = new CancellationTokenSource();
        runningOnB.Add("task_a", run);
        var changed = nodeB.NextChange("task_a");
        var keys = new List<Signal>();
        nodeB.KeysChanged += keys.Add;

        nodeA.WorkAvailable();
        nodeA.Changed("task_a");
        nodeA.CancelRequested("task_a");
        nodeA.KeyChanged("key_1");
        nodeA.AccountKeysChanged("acct_1");

        Assert.True(await ElapsedAsync(() => nodeB.WaitForWorkAsync(Long, EngineRig.Ct)) < Long / 4);
        await changed.WaitAsync(Long, EngineRig.Ct);
        Assert.True(run.IsCancellationRequested);
        Assert.Equal([new Signal(SignalKind.KeyChanged, "key_1"), new Signal(SignalKind.AccountKeysChanged, "acct_1")], keys);
    }

    [Fact]
    public void A_disposed_node_no_longer_listens_to_the_relay()
    {
        var (relayA, relayB) = PairedRelay.Create();
        using var nodeA = new TaskSignals(new RunningTasks(), relayA);
        var nodeB = new TaskSignals(new RunningTasks(), relayB);

        nodeB.Dispose();

        nodeA.WorkAvailable();
        nodeA.Ended("task_a");
    }

    [Fact]
    public void A_cancel_reaches_only_a_task_that_is_running_here_and_a_finished_runs_source_is_left_alone()
    {
        var running = new RunningTasks();
        using var finished = new CancellationTokenSource();
        var disposed = new CancellationTokenSource();
        running.Add("task_done", finished);
        running.Add("task_disposed", disposed);
        running.Remove("task_done", finished);
        disposed.Dispose();

        running.Cancel("task_done");
        running.Cancel("task_disposed");
        running.Cancel("task_unknown");

        Assert.False(finished.IsCancellationRequested);
    }

    [Fact]
    public void A_run_that_ends_forgets_only_itself_not_a_later_run_of_the_same_task()
    {
        var running = new RunningTasks();
        using var earlier = new CancellationTokenSource();
        using var later = new CancellationTokenSource();
        running.Add("task_a", earlier);
        running.Add("task_a", later);

        running.Remove("task_a", earlier);
        running.Cancel("task_a");

        Assert.True(later.IsCancellationRequested);
    }

    /// <summary>How long <paramref name="wait"/> took: well under its timeout when a signal woke it, the whole timeout when none did.</summary>
    private static async Task<TimeSpan> ElapsedAsync(Func<Task> wait)
    {
        var watch = Stopwatch.StartNew();
        await wait();
        return watch.Elapsed;
    }
}
