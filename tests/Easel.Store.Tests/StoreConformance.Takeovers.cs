namespace Easel.Store.Tests;

/// <summary>Races over work whose owner went away, and one mixed workload whose books must still add up.</summary>
public abstract partial class StoreConformance
{
    [Fact]
    public async Task Parallel_claimers_take_over_each_expired_lease_exactly_once()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        await SubmitManyAsync(caller, 20);
        Assert.Equal(20, (await Store.ClaimTasksAsync("dead-worker", ShortLease, 20, Ct)).Count);
        await WaitOutShortLeaseAsync();

        var claims = await RaceAsync(Nodes(NodeCount), 8, async (node, claimer) =>
        {
            var mine = new List<ClaimedTask>();
            for (var batch = await node.ClaimTasksAsync($"worker-{claimer}", LongLease, 2, Ct); batch.Count > 0;
                batch = await node.ClaimTasksAsync($"worker-{claimer}", LongLease, 2, Ct))
            {
                mine.AddRange(batch);
            }
            return mine;
        });

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Select(c => c.Task.Id).Distinct().Count());
        Assert.All(all, c => Assert.Equal(2, c.Task.Attempts));
        Assert.False(await Store.RenewLeaseAsync(all[0].Task.Id, "dead-worker", LongLease, Ct));
    }

    [Fact]
    public async Task Concurrent_takeovers_of_an_abandoned_idempotency_claim_let_exactly_one_proceed()
    {
        await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-old", Ct);
        Clock.Advance(TimeSpan.FromMinutes(3));

        var outcomes = await RaceAsync(Nodes(NodeCount), 20, (node, _) => node.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-new", Ct));

        Assert.Equal(1, outcomes.Count(o => o is IdempotencyClaim.Proceed));
        Assert.Equal(19, outcomes.Count(o => o is IdempotencyClaim.InFlight));
    }

    [Fact]
    public async Task A_mixed_concurrent_workload_keeps_every_task_and_the_books_exact()
    {
        var account = await NewAccountAsync(balance: 40);
        var caller = await NewCallerAsync(account.Id);
        var nodes = Nodes(NodeCount);
        var submitted = 0;

        var submits = RaceAsync(nodes, 30, async (node, _) =>
        {
            var outcome = await node.SubmitTaskAsync(NewTask(caller, price: 2), null, Ct);
            Interlocked.Increment(ref submitted);
            return outcome;
        });
        var debits = RaceAsync(nodes, 10, (node, _) => node.GrantAsync(account.Id, -3, "chargeback", Ct));
        var worker = Task.Run(async () =>
        {
            while (Volatile.Read(ref submitted) < 30 || (await nodes[1].ListTasksAsync(account.Id, [TaskState.Queued], 1, null, Ct)).Items.Count > 0)
            {
                foreach (var claimed in await nodes[1].ClaimTasksAsync("worker-1", LongLease, 3, Ct))
                {
                    await nodes[1].CompleteTaskAsync(claimed.Task.Id, "worker-1", [], FilesExpireAt, Quality.Low, 1, Ct);
                }
            }
        });
        var canceler = Task.Run(async () =>
        {
            var canceled = 0;
            while (Volatile.Read(ref submitted) < 30)
            {
                foreach (var task in (await nodes[2].ListTasksAsync(account.Id, [TaskState.Queued, TaskState.Running], 5, null, Ct)).Items)
                {
                    canceled += await nodes[2].CancelTaskAsync(task.Id, account.Id, Ct) == CancelOutcome.Canceled ? 1 : 0;
                }
            }
            return canceled;
        });
        var outcomes = await submits;
        await Task.WhenAll(debits, worker, canceler);

        var created = outcomes.OfType<SubmitOutcome.Created>().Select(c => c.Task.Id).ToList();
        Assert.Equal(30, created.Count + outcomes.Count(o => o is SubmitOutcome.InsufficientCredits));
        Assert.Equal(created.Count, await ScalarAsync("SELECT COUNT(*) FROM tasks"));
        foreach (var id in created)
        {
            var task = await TaskAsync(id);
            (string, long)[] expected = task.State switch
            {
                TaskState.Succeeded => [(LedgerKinds.Reserve, 2), (LedgerKinds.Capture, 1), (LedgerKinds.Release, 1)],
                TaskState.Canceled => [(LedgerKinds.Reserve, 2), (LedgerKinds.Release, 2)],
                _ => throw new InvalidOperationException($"task {id} left {task.State}"),
            };
            Assert.Equal(expected, await MovementsAsync(account.Id, id));
        }
        var after = await AccountAsync(account.Id);
        var succeeded = (await Store.ListTasksAsync(account.Id, [TaskState.Succeeded], 100, null, Ct)).Items.Count;
        var debited = (await debits).Count(d => d is GrantOutcome.Granted);
        Assert.Equal((40L - (3 * debited) - succeeded, 0L), (after.Balance, after.Reserved));
        Assert.Equal(await canceler, (await Store.ListTasksAsync(account.Id, [TaskState.Canceled], 100, null, Ct)).Items.Count);
        await AssertBooksMatchLedgerAsync(account.Id);
    }
}
