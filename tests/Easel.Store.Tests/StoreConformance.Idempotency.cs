using System.Text;

namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task An_idempotency_key_proceeds_once_then_is_in_flight_or_a_mismatch()
    {
        Assert.IsType<IdempotencyClaim.Proceed>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));

        Assert.IsType<IdempotencyClaim.InFlight>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));
        Assert.IsType<IdempotencyClaim.Mismatch>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-2", Ct));
        Assert.IsType<IdempotencyClaim.Proceed>(await Store.ClaimIdempotencyKeyAsync("acct_b", "key-1", "hash-1", Ct));
        Assert.IsType<IdempotencyClaim.Proceed>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-2", "hash-1", Ct));
    }

    [Fact]
    public async Task A_completed_idempotency_key_replays_the_stored_answer()
    {
        var body = Encoding.UTF8.GetBytes("{\"task_id\":\"task_1\"}");
        await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct);

        await Store.CompleteIdempotencyKeyAsync("acct_a", "key-1", 201, "application/json; charset=utf-8", body, Ct);

        var replay = Assert.IsType<IdempotencyClaim.Replay>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));
        Assert.Equal((201, "application/json; charset=utf-8"), (replay.Status, replay.ContentType));
        Assert.Equal(body, replay.Body);
        Assert.IsType<IdempotencyClaim.Mismatch>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-2", Ct));
        await Store.AbandonIdempotencyKeyAsync("acct_a", "key-1", Ct);
        Assert.IsType<IdempotencyClaim.Replay>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));
        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.IsType<IdempotencyClaim.Replay>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));
    }

    [Fact]
    public async Task An_abandoned_idempotency_key_can_be_claimed_again()
    {
        await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct);

        await Store.AbandonIdempotencyKeyAsync("acct_a", "key-1", Ct);

        Assert.IsType<IdempotencyClaim.Proceed>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-2", Ct));
        Assert.IsType<IdempotencyClaim.InFlight>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-2", Ct));
    }

    [Fact]
    public async Task An_in_flight_claim_older_than_two_minutes_is_taken_over()
    {
        await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct);
        Clock.Advance(TimeSpan.FromSeconds(110));
        Assert.IsType<IdempotencyClaim.InFlight>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));
        Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.IsType<IdempotencyClaim.Proceed>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-2", Ct));

        Assert.IsType<IdempotencyClaim.Mismatch>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-1", Ct));
        Assert.IsType<IdempotencyClaim.InFlight>(await Store.ClaimIdempotencyKeyAsync("acct_a", "key-1", "hash-2", Ct));
    }

    [Fact]
    public async Task A_submit_claims_its_idempotency_key_with_the_task_and_the_claim_is_never_taken_over()
    {
        var account = await NewAccountAsync(balance: 10);
        var caller = await NewCallerAsync(account.Id);
        Assert.IsType<IdempotencyClaim.Proceed>(await Store.FindIdempotencyKeyAsync(account.Id, "key-1", "hash-1", Ct));
        var task = NewTask(caller, price: 1);

        Assert.IsType<SubmitOutcome.Created>(await Store.SubmitTaskAsync(task, new IdempotencyLink(account.Id, "key-1", "hash-1"), Ct));
        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.IsType<IdempotencyClaim.InFlight>(await Store.FindIdempotencyKeyAsync(account.Id, "key-1", "hash-1", Ct));
        Assert.IsType<IdempotencyClaim.Mismatch>(await Store.FindIdempotencyKeyAsync(account.Id, "key-1", "hash-2", Ct));
        Assert.IsType<IdempotencyClaim.InFlight>(await Store.ClaimIdempotencyKeyAsync(account.Id, "key-1", "hash-1", Ct));
        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM idempotency WHERE task_id = '{task.Id}'"));
    }

    [Fact]
    public async Task A_submit_whose_idempotency_key_is_held_writes_nothing()
    {
        var account = await NewAccountAsync(balance: 10);
        var caller = await NewCallerAsync(account.Id);
        await Store.ClaimIdempotencyKeyAsync(account.Id, "key-1", "hash-1", Ct);

        Assert.IsType<SubmitOutcome.IdempotencyKeyTaken>(
            await Store.SubmitTaskAsync(NewTask(caller, price: 1), new IdempotencyLink(account.Id, "key-1", "hash-1"), Ct));

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM tasks"));
        Assert.Equal((10L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
        Assert.DoesNotContain(await LedgerAsync(account.Id), e => e.Kind == LedgerKinds.Reserve);
        // A claim abandoned long ago (its process died before the submit) is taken over by the next submit.
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.IsType<IdempotencyClaim.Proceed>(await Store.FindIdempotencyKeyAsync(account.Id, "key-1", "hash-2", Ct));
        Assert.IsType<SubmitOutcome.Created>(
            await Store.SubmitTaskAsync(NewTask(caller, price: 1), new IdempotencyLink(account.Id, "key-1", "hash-2"), Ct));
    }

    [Fact]
    public async Task A_refused_submit_leaves_its_idempotency_key_unclaimed()
    {
        var account = await NewAccountAsync(balance: 0);
        var caller = await NewCallerAsync(account.Id);

        Assert.IsType<SubmitOutcome.InsufficientCredits>(
            await Store.SubmitTaskAsync(NewTask(caller, price: 1), new IdempotencyLink(account.Id, "key-1", "hash-1"), Ct));

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM idempotency"));
        Assert.IsType<IdempotencyClaim.Proceed>(await Store.FindIdempotencyKeyAsync(account.Id, "key-1", "hash-1", Ct));
    }

    [Fact]
    public async Task Idempotency_keys_created_before_the_cutoff_are_deleted()
    {
        await Store.ClaimIdempotencyKeyAsync("acct_a", "old-1", "hash", Ct);
        await Store.ClaimIdempotencyKeyAsync("acct_a", "old-2", "hash", Ct);
        await Store.CompleteIdempotencyKeyAsync("acct_a", "old-2", 200, "application/json", [1, 2, 3], Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var cutoff = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.ClaimIdempotencyKeyAsync("acct_a", "new", "hash", Ct);

        Assert.Equal(2, await Store.DeleteIdempotencyKeysBeforeAsync(cutoff, Ct));

        Assert.IsType<IdempotencyClaim.Proceed>(await Store.ClaimIdempotencyKeyAsync("acct_a", "old-2", "other", Ct));
        Assert.IsType<IdempotencyClaim.InFlight>(await Store.ClaimIdempotencyKeyAsync("acct_a", "new", "hash", Ct));
        Assert.Equal(0, await Store.DeleteIdempotencyKeysBeforeAsync(cutoff, Ct));
    }
}
