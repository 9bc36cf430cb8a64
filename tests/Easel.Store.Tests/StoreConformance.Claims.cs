namespace Easel.Store.Tests;

/// <summary>Leases: claiming, renewing, the upstream mark, and what an expired lease lets happen.</summary>
public abstract partial class StoreConformance
{
    [Fact]
    public async Task A_claim_leases_queued_tasks_oldest_first_with_their_requests()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var older = await SubmitAsync(caller, price: 1, images: 2);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await SubmitAsync(caller, price: 1);
        var before = Clock.GetUtcNow();

        var claimed = await Store.ClaimTasksAsync("worker-1", LongLease, 5, Ct);

        Assert.Equal([older.Id, newer.Id], claimed.Select(c => c.Task.Id));
        Assert.All(claimed, c =>
        {
            Assert.Equal((TaskState.Running, 1, "worker-1"), (c.Task.State, c.Task.Attempts, c.Task.LeaseOwner));
            AssertTakenSince(before, c.Task.StartedAt);
            Assert.Null(c.Upstream);
        });
        Assert.Equivalent(Request(images: 2), claimed[0].Request, strict: true);
        Assert.Equal((TaskState.Running, 1, "worker-1"), ((await TaskAsync(older.Id)).State, (await TaskAsync(older.Id)).Attempts, (await TaskAsync(older.Id)).LeaseOwner));
        Assert.Empty(await Store.ClaimTasksAsync("worker-2", LongLease, 5, Ct));
    }

    [Fact]
    public async Task A_claim_takes_at_most_max_tasks()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        await SubmitManyAsync(caller, 5);

        Assert.Equal(3, (await Store.ClaimTasksAsync("worker-1", LongLease, 3, Ct)).Count);
        Assert.Equal(2, (await Store.ClaimTasksAsync("worker-2", LongLease, 3, Ct)).Count);
        Assert.Empty(await Store.ClaimTasksAsync("worker-3", LongLease, 3, Ct));
    }

    [Fact]
    public async Task Only_the_lease_owner_renews_the_lease()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 1, "worker-1");

        Assert.True(await Store.RenewLeaseAsync(task.Id, "worker-1", LongLease, Ct));
        Assert.False(await Store.RenewLeaseAsync(task.Id, "worker-2", LongLease, Ct));
        Assert.False(await Store.RenewLeaseAsync("task_missing", "worker-1", LongLease, Ct));
        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.Medium, 1, Ct));
        Assert.False(await Store.RenewLeaseAsync(task.Id, "worker-1", LongLease, Ct));
    }

    [Fact]
    public async Task A_renewed_lease_does_not_run_out_at_the_old_time()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 1);
        Assert.Single(await Store.ClaimTasksAsync("worker-1", ShortLease, 1, Ct));

        Assert.True(await Store.RenewLeaseAsync(task.Id, "worker-1", LongLease, Ct));
        await WaitOutShortLeaseAsync();

        Assert.Empty(await Store.ClaimTasksAsync("worker-2", LongLease, 1, Ct));
        Assert.Equal("worker-1", (await TaskAsync(task.Id)).LeaseOwner);
    }

    [Fact]
    public async Task The_upstream_mark_is_carried_to_the_claim_after_the_lease_runs_out()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 1);
        Assert.Single(await Store.ClaimTasksAsync("worker-1", ShortLease, 1, Ct));

        Assert.True(await Store.MarkUpstreamAsync(task.Id, "worker-1", new UpstreamMark("channel-a", "up_123"), Ct));
        Assert.False(await Store.MarkUpstreamAsync(task.Id, "worker-2", new UpstreamMark("channel-b", null), Ct));
        await WaitOutShortLeaseAsync();
        var retaken = Assert.Single(await Store.ClaimTasksAsync("worker-2", ShortLease, 1, Ct));

        Assert.Equal((task.Id, 2, "worker-2"), (retaken.Task.Id, retaken.Task.Attempts, retaken.Task.LeaseOwner));
        Assert.Equal(new UpstreamMark("channel-a", "up_123"), retaken.Upstream);
        Assert.False(await Store.MarkUpstreamAsync(task.Id, "worker-1", null, Ct));
        Assert.True(await Store.MarkUpstreamAsync(task.Id, "worker-2", null, Ct));
        await WaitOutShortLeaseAsync();
        var third = Assert.Single(await Store.ClaimTasksAsync("worker-3", LongLease, 1, Ct));
        Assert.Equal(3, third.Task.Attempts);
        Assert.Null(third.Upstream);
    }

    [Fact]
    public async Task An_expired_lease_lets_another_owner_take_the_task_and_fences_the_first()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 3);
        Assert.Single(await Store.ClaimTasksAsync("worker-1", ShortLease, 1, Ct));
        await WaitOutShortLeaseAsync();

        var retaken = Assert.Single(await Store.ClaimTasksAsync("worker-2", LongLease, 1, Ct));

        Assert.Equal((task.Id, 2, "worker-2"), (retaken.Task.Id, retaken.Task.Attempts, retaken.Task.LeaseOwner));
        Assert.False(await Store.RenewLeaseAsync(task.Id, "worker-1", LongLease, Ct));
        Assert.False(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.Medium, 3, Ct));
        Assert.False(await Store.FailTaskAsync(task.Id, "worker-1", FailureCode.LeaseLost, "late", Ct));
        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-2", [], FilesExpireAt, Quality.Low, 1, Ct));
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Capture, 1L), (LedgerKinds.Release, 2L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal((9L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
    }
}
