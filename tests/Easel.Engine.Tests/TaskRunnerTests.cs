using Easel.Core;
using Easel.Engine.Tests.Support;

namespace Easel.Engine.Tests;

/// <summary>One run of a leased task against the real store, on a manual clock: the lease fences every write it makes.</summary>
public sealed class TaskRunnerTests : IAsyncLifetime
{
    /// <summary>Shorter than the first renewal (a third of the configured 60 s), so it runs out before the runner renews it.</summary>
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private EngineRig _rig = null!;
    private Caller _caller = null!;

    public async ValueTask InitializeAsync()
    {
        _rig = await EngineRig.StartAsync(o => (o.Engine.LeaseSeconds, o.Engine.MaxAttempts) = (60, 2));
        _caller = await _rig.NewCallerAsync(100);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task A_run_stores_its_images_and_captures_at_the_quality_actually_produced()
    {
        var runner = _rig.Runner(_rig.Router(_rig.Sandbox()));
        var task = await _rig.SubmitAsync(_caller, price: 12, EngineRig.Request() with { Quality = Quality.Auto });

        await runner.RunAsync(await _rig.ClaimAsync("node-a", Lease), "node-a", EngineRig.Ct);

        var ended = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Succeeded, 3L, Quality.Medium), (ended.State, ended.Captured, ended.ResolvedQuality));
        var file = Assert.Single(ended.Files);
        Assert.Equal((_rig.Clock.GetUtcNow().AddHours(24).ToUnixTimeMilliseconds(), 64, 48), (file.ExpiresAt.ToUnixTimeMilliseconds(), file.Width, file.Height));
        Assert.Equal(EngineRig.BlobsOf(file.Key, file.Thumbnail), _rig.StoredFiles());
        Assert.Equal(OutputFormat.Png, file.Key.Format);
        Assert.Equal([(LedgerKinds.Reserve, 12L), (LedgerKinds.Capture, 3L), (LedgerKinds.Release, 9L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
    }

    [Fact]
    public async Task A_run_whose_lease_was_taken_over_cannot_complete_the_task_and_the_task_is_charged_once()
    {
        var (held, runner, task, firstRun) = await StartHeldRunAsync(ShortLease);

        _rig.Clock.Advance(ShortLease + TimeSpan.FromSeconds(1));
        var takenOver = await _rig.ClaimAsync("node-b", Lease);
        held.Open();
        await firstRun;

        var afterFirst = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Running, "node-b"), (afterFirst.State, afterFirst.LeaseOwner));
        Assert.Empty(_rig.StoredFiles());

        await runner.RunAsync(takenOver, "node-b", EngineRig.Ct);

        var ended = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Succeeded, 2, 3L), (ended.State, ended.Attempts, ended.Captured));
        var file = Assert.Single(ended.Files);
        Assert.Equal(EngineRig.BlobsOf(file.Key, file.Thumbnail), _rig.StoredFiles());
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Capture, 3L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
        Assert.Equal((97L, 0L), await BooksAsync());
    }

    [Fact]
    public async Task A_refused_lease_renewal_stops_the_work_and_leaves_the_task_to_the_node_that_took_it_over()
    {
        var (held, _, task, run) = await StartHeldRunAsync(ShortLease);
        _rig.Clock.Advance(ShortLease + TimeSpan.FromSeconds(1));
        await _rig.ClaimAsync("node-b", Lease);

        _rig.Clock.Advance(Lease / 3);
        await run.WaitAsync(TimeSpan.FromSeconds(20), EngineRig.Ct);

        Assert.Equal(1, held.Canceled);
        var after = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Running, "node-b", (FailureCode?)null), (after.State, after.LeaseOwner, after.ErrorCode));
        Assert.Equal([(LedgerKinds.Reserve, 3L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
    }

    [Fact]
    public async Task A_renewal_that_fails_on_a_database_error_is_tried_again_at_the_next_tick_and_the_lease_is_kept()
    {
        var (store, renewals) = FlakyRenewals.Wrap(_rig.Store);
        renewals.Failing = true;
        var (held, _, task, run) = await StartHeldRunAsync(Lease, store);

        _rig.Clock.Advance(Lease / 3);
        Assert.Null(await renewals.NextAsync());
        renewals.Failing = false;
        _rig.Clock.Advance(Lease / 3);
        Assert.True(await renewals.NextAsync());

        // Past the lease the claim gave, within the renewed one.
        _rig.Clock.Advance(Lease / 3 + TimeSpan.FromSeconds(5));
        Assert.Empty(await _rig.Store.ClaimTasksAsync("node-b", Lease, 10, EngineRig.Ct));
        held.Open();
        await run;
        Assert.Equal((TaskState.Succeeded, 1), ((await _rig.TaskAsync(task.Id)).State, (await _rig.TaskAsync(task.Id)).Attempts));
    }

    [Fact]
    public async Task A_task_claimed_more_often_than_MaxAttempts_fails_without_running_and_is_refunded()
    {
        var sandbox = new ScriptedProvider("sandbox", ScriptedProvider.Success);
        var runner = _rig.Runner(_rig.Router(sandbox));
        var task = await _rig.SubmitAsync(_caller, price: 3);
        foreach (var dead in new[] { "dead-1", "dead-2" })
        {
            await _rig.ClaimAsync(dead, ShortLease);
            _rig.Clock.Advance(ShortLease + TimeSpan.FromSeconds(1));
        }
        var third = await _rig.ClaimAsync("node-a", Lease);
        Assert.Equal(3, third.Task.Attempts);

        await runner.RunAsync(third, "node-a", EngineRig.Ct);

        var ended = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Failed, FailureCode.Interrupted, 0L), (ended.State, ended.ErrorCode, ended.Captured));
        Assert.Empty(sandbox.Calls);
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Release, 3L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
        Assert.Equal((100L, 0L), await BooksAsync());
    }

    [Fact]
    public async Task A_cancel_signal_stops_the_run_at_once_and_nothing_is_charged()
    {
        var (held, _, task, run) = await StartHeldRunAsync(Lease);

        Assert.Equal(CancelOutcome.Canceled, await _rig.Store.CancelTaskAsync(task.Id, _caller.AccountId, EngineRig.Ct));
        _rig.Signals.CancelRequested(task.Id);
        await run.WaitAsync(TimeSpan.FromSeconds(20), EngineRig.Ct);

        Assert.Equal(1, held.Canceled);
        Assert.Equal(TaskState.Canceled, (await _rig.TaskAsync(task.Id)).State);
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Release, 3L)], await _rig.MovementsAsync(_caller.AccountId, task.Id));
    }

    [Fact]
    public async Task A_result_that_arrives_after_a_cancel_is_discarded_with_its_files()
    {
        var (held, _, task, run) = await StartHeldRunAsync(Lease);

        Assert.Equal(CancelOutcome.Canceled, await _rig.Store.CancelTaskAsync(task.Id, _caller.AccountId, EngineRig.Ct));
        held.Open();
        await run;

        var ended = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Canceled, 0), (ended.State, ended.Files.Count));
        Assert.Empty(_rig.StoredFiles());
        Assert.Equal((100L, 0L), await BooksAsync());
    }

    [Fact]
    public async Task A_provider_failure_fails_the_task_with_its_code_and_message_and_refunds()
    {
        var runner = _rig.Runner(_rig.Router(new ScriptedProvider("sandbox", new ProviderOutcome.Failed("blocked by moderation", FailureCode.ModerationBlocked, Retryable: false))));
        var task = await _rig.SubmitAsync(_caller, price: 3);

        await runner.RunAsync(await _rig.ClaimAsync("node-a", Lease), "node-a", EngineRig.Ct);

        var ended = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Failed, FailureCode.ModerationBlocked, "blocked by moderation"), (ended.State, ended.ErrorCode, ended.ErrorMessage));
        Assert.Equal((100L, 0L), await BooksAsync());
    }

    [Fact]
    public async Task A_provider_that_throws_fails_the_task_as_an_internal_error_and_refunds()
    {
        var runner = _rig.Runner(_rig.Router(new ScriptedProvider("sandbox", _ => throw new InvalidOperationException("bug"))));
        var task = await _rig.SubmitAsync(_caller, price: 3);

        await runner.RunAsync(await _rig.ClaimAsync("node-a", Lease), "node-a", EngineRig.Ct);

        var ended = await _rig.TaskAsync(task.Id);
        Assert.Equal((TaskState.Failed, FailureCode.InternalError), (ended.State, ended.ErrorCode));
        Assert.Equal((100L, 0L), await BooksAsync());
    }

    /// <summary>Submits a task, leases it to node-a for <paramref name="lease"/> and starts its run, which waits at the provider.</summary>
    private async Task<(HeldProvider Held, TaskRunner Runner, TaskRecord Task, Task Run)> StartHeldRunAsync(TimeSpan lease, IEaselStore? store = null)
    {
        var held = new HeldProvider(_rig.Sandbox());
        var runner = _rig.Runner(_rig.Router(held), store);
        var task = await _rig.SubmitAsync(_caller, price: 3);
        var run = runner.RunAsync(await _rig.ClaimAsync("node-a", lease), "node-a", EngineRig.Ct);
        await held.WaitForCallsAsync();
        return (held, runner, task, run);
    }

    private async Task<(long Balance, long Reserved)> BooksAsync()
    {
        var account = await _rig.Store.GetAccountAsync(_caller.AccountId, EngineRig.Ct);
        return (account!.Balance, account.Reserved);
    }
}
