namespace Easel.Store.Tests;

/// <summary>
/// Races: many operations started together on several nodes (stores with their own connections on one database), so
/// that what keeps the books right is the database and the statements, never a lock inside one store.
/// </summary>
public abstract partial class StoreConformance
{
    private const int NodeCount = 4;

    /// <summary>Starts <paramref name="count"/> operations at once, spread over the nodes, and waits for all of them.</summary>
    private static async Task<T[]> RaceAsync<T>(IEaselStore[] nodes, int count, Func<IEaselStore, int, Task<T>> operation)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, count).Select(async i =>
        {
            await start.Task;
            return await operation(nodes[i % nodes.Length], i);
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(running);
    }

    [Fact]
    public async Task Concurrent_submits_never_reserve_more_than_the_balance()
    {
        var account = await NewAccountAsync(balance: 10);
        var caller = await NewCallerAsync(account.Id);

        var outcomes = await RaceAsync(Nodes(NodeCount), 50, (node, _) => node.SubmitTaskAsync(NewTask(caller, price: 1), null, Ct));

        Assert.Equal(10, outcomes.Count(o => o is SubmitOutcome.Created));
        Assert.Equal(40, outcomes.Count(o => o is SubmitOutcome.InsufficientCredits));
        Assert.All(outcomes.OfType<SubmitOutcome.InsufficientCredits>(), o => Assert.Equal(new SubmitOutcome.InsufficientCredits(0, 1), o));
        var after = await AccountAsync(account.Id);
        Assert.Equal((10L, 10L, 0L), (after.Balance, after.Reserved, after.Available));
        Assert.Equal(10, (await LedgerAsync(account.Id)).Count(e => e.Kind == LedgerKinds.Reserve && e.Amount == 1));
        Assert.Equal(10, await ScalarAsync("SELECT COUNT(*) FROM tasks"));
        await AssertBooksMatchLedgerAsync(account.Id);
    }

    [Fact]
    public async Task Parallel_claimers_claim_every_task_exactly_once()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var ids = (await SubmitManyAsync(caller, 60)).Select(t => t.Id).ToHashSet();

        var claims = await RaceAsync(Nodes(NodeCount), 8, async (node, claimer) =>
        {
            var mine = new List<string>();
            for (var batch = await node.ClaimTasksAsync($"worker-{claimer}", LongLease, 3, Ct); batch.Count > 0;
                batch = await node.ClaimTasksAsync($"worker-{claimer}", LongLease, 3, Ct))
            {
                Assert.InRange(batch.Count, 1, 3);
                mine.AddRange(batch.Select(c => c.Task.Id));
            }
            return mine;
        });

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.True(ids.SetEquals(all));
        var tasks = (await Store.ListTasksAsync(account.Id, null, 100, null, Ct)).Items;
        Assert.All(tasks, t => Assert.Equal((TaskState.Running, 1), (t.State, t.Attempts)));
        Assert.All(tasks, t => Assert.Contains(t.Id, claims[int.Parse(t.LeaseOwner!["worker-".Length..], System.Globalization.CultureInfo.InvariantCulture)]));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_idempotency_key_let_exactly_one_proceed()
    {
        var outcomes = await RaceAsync(Nodes(NodeCount), 20, (node, _) => node.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));

        Assert.Equal(1, outcomes.Count(o => o is IdempotencyClaim.Proceed));
        Assert.Equal(19, outcomes.Count(o => o is IdempotencyClaim.InFlight));
    }

    [Fact]
    public async Task Concurrent_submits_with_one_idempotency_key_make_one_task_and_one_reservation()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var link = new IdempotencyLink(account.Id, "key-1", "hash-1");

        var outcomes = await RaceAsync(Nodes(NodeCount), 20, (node, _) => node.SubmitTaskAsync(NewTask(caller, price: 2), link, Ct));

        Assert.Equal(1, outcomes.Count(o => o is SubmitOutcome.Created));
        Assert.Equal(19, outcomes.Count(o => o is SubmitOutcome.IdempotencyKeyTaken));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM tasks"));
        Assert.Equal(2, (await AccountAsync(account.Id)).Reserved);
        await AssertBooksMatchLedgerAsync(account.Id);
    }

    [Fact]
    public async Task Cancel_racing_complete_has_exactly_one_winner_and_exact_books()
    {
        const int Rounds = 30;
        var account = await NewAccountAsync(balance: 1000);
        var caller = await NewCallerAsync(account.Id);
        var nodes = Nodes(2);
        var completions = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var task = await RunningTaskAsync(caller, price: 2, "worker-1", images: 2, callbackUrl: CallbackUrl);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var complete = Task.Run(async () =>
            {
                await start.Task;
                return await nodes[0].CompleteTaskAsync(task.Id, "worker-1", [File(0)], FilesExpireAt, Quality.Medium, 3, Ct);
            });
            var cancel = Task.Run(async () =>
            {
                await start.Task;
                return await nodes[1].CancelTaskAsync(task.Id, account.Id, Ct);
            });
            start.SetResult();
            var (completed, canceled) = (await complete, await cancel);

            Assert.True(completed ^ (canceled == CancelOutcome.Canceled), $"round {round}: complete {completed}, cancel {canceled}");
            var ended = await TaskAsync(task.Id);
            if (completed)
            {
                completions++;
                Assert.Equal(CancelOutcome.AlreadyTerminal, canceled);
                Assert.Equal((TaskState.Succeeded, (long?)3), (ended.State, ended.Captured));
                Assert.Equal([(LedgerKinds.Reserve, 4L), (LedgerKinds.Capture, 3L), (LedgerKinds.Release, 1L)], await MovementsAsync(account.Id, task.Id));
            }
            else
            {
                Assert.Equal((TaskState.Canceled, (long?)0), (ended.State, ended.Captured));
                Assert.Equal([(LedgerKinds.Reserve, 4L), (LedgerKinds.Release, 4L)], await MovementsAsync(account.Id, task.Id));
            }
        }

        var after = await AccountAsync(account.Id);
        Assert.Equal((1000L - (3 * completions), 0L), (after.Balance, after.Reserved));
        Assert.Equal(Rounds, await ScalarAsync("SELECT COUNT(*) FROM webhook_deliveries"));
        Assert.Equal(completions, await ScalarAsync("SELECT COUNT(*) FROM files"));
        await AssertBooksMatchLedgerAsync(account.Id);
    }

    [Fact]
    public async Task Concurrent_submits_by_one_key_respect_max_concurrent_tasks()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id, new KeyLimits(null, 3, null));

        var outcomes = await RaceAsync(Nodes(NodeCount), 20, (node, _) => node.SubmitTaskAsync(NewTask(caller, price: 1), null, Ct));

        Assert.Equal(3, outcomes.Count(o => o is SubmitOutcome.Created));
        Assert.Equal(17, outcomes.Count(o => o is SubmitOutcome.TooManyUnfinished { Limit: 3 }));
        Assert.Equal(3, (await AccountAsync(account.Id)).Reserved);
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM tasks"));
    }

    [Fact]
    public async Task Concurrent_submits_never_take_more_free_images_than_the_day_has()
    {
        var account = await NewAccountAsync();
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(5, null, null), Ct);
        var caller = await NewCallerAsync(account.Id);

        var outcomes = await RaceAsync(Nodes(NodeCount), 20, (node, _) => node.SubmitTaskAsync(NewTask(caller, price: 2), null, Ct));

        var created = outcomes.OfType<SubmitOutcome.Created>().ToList();
        Assert.Equal(5, created.Count);
        Assert.All(created, c => Assert.Equal((1, 0L), (c.Task.FreeImages, c.Task.Reserved)));
        Assert.Equal(15, outcomes.Count(o => o is SubmitOutcome.InsufficientCredits { Available: 0, Needed: 2 }));
        Assert.Equal(0, (await AccountAsync(account.Id)).FreeImagesLeftToday);
    }

    [Fact]
    public async Task Concurrent_submits_never_spend_past_the_daily_limit()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id, new KeyLimits(null, null, 10));

        var outcomes = await RaceAsync(Nodes(NodeCount), 30, (node, _) => node.SubmitTaskAsync(NewTask(caller, price: 1), null, Ct));

        Assert.Equal(10, outcomes.Count(o => o is SubmitOutcome.Created));
        Assert.Equal(20, outcomes.Count(o => o is SubmitOutcome.DailySpendReached { Limit: 10, SpentToday: 10, Needed: 1 }));
        Assert.Equal(10, (await AccountAsync(account.Id)).Reserved);
    }

    [Fact]
    public async Task Concurrent_debits_never_take_the_available_balance_below_zero()
    {
        var account = await NewAccountAsync(balance: 100);
        await SubmitAsync(await NewCallerAsync(account.Id), price: 10);

        var outcomes = await RaceAsync(Nodes(NodeCount), 30, (node, _) => node.GrantAsync(account.Id, -7, "chargeback", Ct));

        Assert.Equal(12, outcomes.Count(o => o is GrantOutcome.Granted));
        Assert.Equal(18, outcomes.Count(o => o is GrantOutcome.WouldGoNegative { Available: 6 }));
        Assert.All(outcomes.OfType<GrantOutcome.Granted>(), o => Assert.True(o.Account.Available >= 0));
        var after = await AccountAsync(account.Id);
        Assert.Equal((16L, 10L, 6L), (after.Balance, after.Reserved, after.Available));
        Assert.Equal(12, (await LedgerAsync(account.Id)).Count(e => e.Kind == LedgerKinds.Grant && e.Amount == -7));
        await AssertBooksMatchLedgerAsync(account.Id);
    }

    [Fact]
    public async Task Parallel_senders_claim_every_delivery_exactly_once()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        for (var i = 0; i < 24; i++)
        {
            var task = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
            await Store.CancelTaskAsync(task.Id, account.Id, Ct);
        }
        var now = Clock.GetUtcNow();

        var claims = await RaceAsync(Nodes(NodeCount), 6, async (node, sender) =>
        {
            var mine = new List<string>();
            for (var batch = await node.ClaimWebhookDeliveriesAsync($"sender-{sender}", now, LongLease, 2, Ct); batch.Count > 0;
                batch = await node.ClaimWebhookDeliveriesAsync($"sender-{sender}", now, LongLease, 2, Ct))
            {
                mine.AddRange(batch.Select(d => d.Id));
            }
            return mine;
        });

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(24, all.Count);
        Assert.Equal(24, all.Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_first_reads_agree_on_one_webhook_secret_and_one_setting()
    {
        var account = await NewAccountAsync();

        var secrets = await RaceAsync(Nodes(NodeCount), 12, (node, _) => node.GetWebhookSecretsAsync(account.Id, Ct));
        var settings = await RaceAsync(Nodes(NodeCount), 12, (node, i) => node.GetOrAddSettingAsync("file_signing_key", $"value-{i}", Ct));

        Assert.Single(secrets.Select(s => s.Current).Distinct());
        Assert.Equal(secrets[0].Current, (await Store.GetWebhookSecretsAsync(account.Id, Ct)).Current);
        Assert.Single(settings.Distinct());
        Assert.Equal(settings[0], await Store.GetSettingAsync("file_signing_key", Ct));
    }

    [Fact]
    public async Task Concurrent_cancels_of_one_task_release_once()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 4);

        var outcomes = await RaceAsync(Nodes(NodeCount), 10, (node, _) => node.CancelTaskAsync(task.Id, account.Id, Ct));

        Assert.Equal(1, outcomes.Count(o => o == CancelOutcome.Canceled));
        Assert.Equal(9, outcomes.Count(o => o == CancelOutcome.AlreadyTerminal));
        Assert.Equal([(LedgerKinds.Reserve, 4L), (LedgerKinds.Release, 4L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal((10L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
    }
}
