using Easel.Engine.Tests.Support;

namespace Easel.Engine.Tests;

public sealed class TaskDispatcherTests : IAsyncLifetime
{
    private EngineRig _rig = null!;
    private Caller _caller = null!;

    public async ValueTask InitializeAsync()
    {
        _rig = await EngineRig.StartAsync(o => (o.Engine.PollMilliseconds, o.Engine.MaxConcurrency) = (50, 2));
        _caller = await _rig.NewCallerAsync(100);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task A_dead_nodes_task_is_taken_over_once_its_lease_runs_out_and_charged_once()
    {
        var task = await _rig.SubmitAsync(_caller, price: 3);
        await _rig.ClaimAsync("dead-node", TimeSpan.FromSeconds(60));
        using var dispatcher = _rig.Dispatcher(_rig.Runner(_rig.Router(_rig.Sandbox())));
        await dispatcher.StartAsync(EngineRig.Ct);

        await Task.Delay(300, EngineRig.Ct);
        Assert.Equal("dead-node", (await _rig.TaskAsync(task.Id)).LeaseOwner);
        _rig.Clock.Advance(TimeSpan.FromSeconds(61));
        await EngineRig.EventuallyAsync(async () => (await _rig.TaskAsync(task.Id)).State == TaskState.Succeeded, "the task to be taken over");
        await dispatcher.StopAsync(EngineRig.Ct);

        Assert.Equal(2, (await _rig.TaskAsync(task.Id)).Attempts);
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Capture, 3L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
    }

    [Fact]
    public async Task A_node_that_claims_back_its_own_expired_task_fences_its_earlier_run_as_it_would_another_nodes()
    {
        var (store, renewals) = FlakyRenewals.Wrap(_rig.Store);
        renewals.Failing = true;
        var held = new HeldProvider(_rig.Sandbox());
        var task = await _rig.SubmitAsync(_caller, price: 3);
        using var dispatcher = _rig.Dispatcher(_rig.Runner(_rig.Router(held), store), store);
        await dispatcher.StartAsync(EngineRig.Ct);
        await held.WaitForCallsAsync();

        // The database stops answering renewals for longer than the lease: this node claims the task again itself.
        _rig.Clock.Advance(TimeSpan.FromSeconds(61));
        await held.WaitForCallsAsync();
        renewals.Failing = false;
        _rig.Clock.Advance(TimeSpan.FromSeconds(20));

        await EngineRig.EventuallyAsync(() => Task.FromResult(held.Canceled == 1), "the earlier run to be stopped");
        held.Open();
        await EngineRig.EventuallyAsync(async () => (await _rig.TaskAsync(task.Id)).State == TaskState.Succeeded, "the later run to finish");
        await dispatcher.StopAsync(EngineRig.Ct);
        Assert.Equal(2, (await _rig.TaskAsync(task.Id)).Attempts);
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Capture, 3L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
    }

    [Fact]
    public async Task No_more_than_MaxConcurrency_tasks_run_at_once_and_the_rest_follow_as_slots_free_up()
    {
        var tasks = new List<TaskRecord>();
        for (var i = 0; i < 5; i++)
        {
            tasks.Add(await _rig.SubmitAsync(_caller, price: 1));
        }
        var held = new HeldProvider(_rig.Sandbox());
        using var dispatcher = _rig.Dispatcher(_rig.Runner(_rig.Router(held)));
        await dispatcher.StartAsync(EngineRig.Ct);

        await held.WaitForCallsAsync(2);
        await Task.Delay(300, EngineRig.Ct);
        var states = await Task.WhenAll(tasks.Select(t => _rig.TaskAsync(t.Id)));
        Assert.Equal((2, 3), (states.Count(t => t.State == TaskState.Running), states.Count(t => t.State == TaskState.Queued)));

        held.Open();
        await EngineRig.EventuallyAsync(async () => (await Task.WhenAll(tasks.Select(t => _rig.TaskAsync(t.Id)))).All(t => t.State == TaskState.Succeeded),
            "every task to finish");
        await dispatcher.StopAsync(EngineRig.Ct);

        Assert.Equal(2, held.MostInside);
        Assert.Equal(95, (await _rig.Store.GetAccountAsync(_caller.AccountId, EngineRig.Ct))!.Balance);
    }
}
