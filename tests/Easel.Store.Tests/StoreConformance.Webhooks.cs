namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task The_webhook_secret_is_created_once_and_stays()
    {
        var account = await NewAccountAsync();

        var first = await Store.GetWebhookSecretsAsync(account.Id, Ct);
        var second = await Store.GetWebhookSecretsAsync(account.Id, Ct);

        Assert.StartsWith("whsec_", first.Current, StringComparison.Ordinal);
        Assert.True(first.Current.Length > 40);
        Assert.Equal(new WebhookSecrets(first.Current, null, null), second);
        Assert.NotEqual(first.Current, (await Store.GetWebhookSecretsAsync((await NewAccountAsync(name: "other")).Id, Ct)).Current);
    }

    [Fact]
    public async Task Rotation_keeps_the_previous_secret_signing_until_the_given_time()
    {
        var account = await NewAccountAsync();
        var old = (await Store.GetWebhookSecretsAsync(account.Id, Ct)).Current;
        var until = Clock.GetUtcNow().AddHours(24);

        var rotated = await Store.RotateWebhookSecretAsync(account.Id, until, Ct);

        Assert.StartsWith("whsec_", rotated.Current, StringComparison.Ordinal);
        Assert.NotEqual(old, rotated.Current);
        Assert.Equal((old, (DateTimeOffset?)Ms(until)), (rotated.Previous, rotated.PreviousUntil));
        Assert.Equal([rotated.Current, old], rotated.SigningAt(until.AddMinutes(-1)));
        Assert.Equal([rotated.Current], rotated.SigningAt(until.AddMinutes(1)));
        Assert.Equal(rotated, await Store.GetWebhookSecretsAsync(account.Id, Ct));
    }

    [Fact]
    public async Task Due_deliveries_are_claimed_once_and_attempts_are_fenced_by_the_lease()
    {
        var delivery = await EndedTaskDeliveryAsync();
        var due = delivery.NextAttemptAt!.Value;

        Assert.Empty(await Store.ClaimWebhookDeliveriesAsync("sender-1", due.AddSeconds(-1), LongLease, 10, Ct));
        var claimed = Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-1", due, LongLease, 10, Ct));
        Assert.Equal((delivery.Id, delivery.TaskId, CallbackUrl), (claimed.Id, claimed.TaskId, claimed.Url));
        Assert.Empty(await Store.ClaimWebhookDeliveriesAsync("sender-2", due, LongLease, 10, Ct));

        var first = new WebhookAttempt(1, due, 503, null, 12);
        Assert.False(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-2", first, WebhookStates.Pending, due.AddSeconds(5), Ct));
        Assert.True(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-1", first, WebhookStates.Pending, due.AddSeconds(5), Ct));
        var retrying = await Store.GetWebhookDeliveryAsync(delivery.TaskId, Ct);
        Assert.Equal((WebhookStates.Pending, 1, (DateTimeOffset?)Ms(due.AddSeconds(5)), (DateTimeOffset?)null), (retrying!.State, retrying.Attempts, retrying.NextAttemptAt, retrying.FinishedAt));
        Assert.Equal([new WebhookAttempt(1, Ms(due), 503, null, 12)], retrying.History);

        Assert.Empty(await Store.ClaimWebhookDeliveriesAsync("sender-2", due.AddSeconds(4), LongLease, 10, Ct));
        Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-2", due.AddSeconds(5), LongLease, 10, Ct));
        Assert.False(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-1", first, WebhookStates.Delivered, null, Ct));
        var second = new WebhookAttempt(2, due.AddSeconds(5), null, "connection refused", 3);
        Assert.True(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-2", second, WebhookStates.Delivered, null, Ct));

        var delivered = await Store.GetWebhookDeliveryAsync(delivery.TaskId, Ct);
        Assert.Equal((WebhookStates.Delivered, 2, (DateTimeOffset?)null), (delivered!.State, delivered.Attempts, delivered.NextAttemptAt));
        Assert.NotNull(delivered.FinishedAt);
        Assert.Equal([1, 2], delivered.History.Select(a => a.Number));
        Assert.Equal(((int?)null, (string?)"connection refused", 3L), (delivered.History[1].StatusCode, delivered.History[1].Error, delivered.History[1].DurationMs));
        Assert.False(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-2", second, WebhookStates.Delivered, null, Ct));
        Assert.Empty(await Store.ClaimWebhookDeliveriesAsync("sender-3", due.AddDays(1), LongLease, 10, Ct));
    }

    [Fact]
    public async Task An_expired_delivery_lease_lets_another_sender_claim_it()
    {
        var delivery = await EndedTaskDeliveryAsync();
        var due = delivery.NextAttemptAt!.Value;
        Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-1", due, ShortLease, 10, Ct));
        await WaitOutShortLeaseAsync();

        Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-2", due, LongLease, 10, Ct));

        var attempt = new WebhookAttempt(1, due, 200, null, 5);
        Assert.False(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-1", attempt, WebhookStates.Delivered, null, Ct));
        Assert.True(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-2", attempt, WebhookStates.Delivered, null, Ct));
        Assert.Single((await Store.GetWebhookDeliveryAsync(delivery.TaskId, Ct))!.History);
    }

    [Fact]
    public async Task A_failed_delivery_is_given_up_and_no_longer_claimed()
    {
        var delivery = await EndedTaskDeliveryAsync();
        var due = delivery.NextAttemptAt!.Value;
        Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-1", due, LongLease, 10, Ct));

        Assert.True(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-1", new WebhookAttempt(1, due, 410, null, 2), WebhookStates.Failed, null, Ct));

        var failed = await Store.GetWebhookDeliveryAsync(delivery.TaskId, Ct);
        Assert.Equal((WebhookStates.Failed, 1), (failed!.State, failed.Attempts));
        Assert.NotNull(failed.FinishedAt);
        Assert.Empty(await Store.ClaimWebhookDeliveriesAsync("sender-2", due.AddDays(1), LongLease, 10, Ct));
    }

    [Fact]
    public async Task Redeliver_says_why_it_will_not_and_queues_an_ended_delivery_again()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var other = await NewAccountAsync(name: "other");
        var silent = await SubmitAsync(caller, price: 1);
        await Store.CancelTaskAsync(silent.Id, account.Id, Ct);
        var waiting = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
        var ended = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
        await Store.CancelTaskAsync(ended.Id, account.Id, Ct);

        Assert.Equal(RedeliverOutcome.NotFound, await Store.RedeliverWebhookAsync("task_missing", account.Id, Ct));
        Assert.Equal(RedeliverOutcome.NotFound, await Store.RedeliverWebhookAsync(ended.Id, other.Id, Ct));
        Assert.Equal(RedeliverOutcome.NoCallback, await Store.RedeliverWebhookAsync(silent.Id, account.Id, Ct));
        Assert.Equal(RedeliverOutcome.NotEnded, await Store.RedeliverWebhookAsync(waiting.Id, account.Id, Ct));
        Assert.Equal(RedeliverOutcome.AlreadyPending, await Store.RedeliverWebhookAsync(ended.Id, account.Id, Ct));

        var due = (await Store.GetWebhookDeliveryAsync(ended.Id, Ct))!.NextAttemptAt!.Value;
        var delivery = Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-1", due, LongLease, 10, Ct));
        Assert.True(await Store.RecordWebhookAttemptAsync(delivery.Id, "sender-1", new WebhookAttempt(1, due, 204, null, 4), WebhookStates.Delivered, null, Ct));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var before = Clock.GetUtcNow();

        Assert.Equal(RedeliverOutcome.Queued, await Store.RedeliverWebhookAsync(ended.Id, account.Id, Ct));

        var requeued = await Store.GetWebhookDeliveryAsync(ended.Id, Ct);
        Assert.Equal((delivery.Id, WebhookStates.Pending, 1, (DateTimeOffset?)null), (requeued!.Id, requeued.State, requeued.Attempts, requeued.FinishedAt));
        AssertTakenSince(before, requeued.NextAttemptAt);
        Assert.Equal(RedeliverOutcome.AlreadyPending, await Store.RedeliverWebhookAsync(ended.Id, account.Id, Ct));
        Assert.Equal(delivery.Id, Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-2", Clock.GetUtcNow(), LongLease, 10, Ct)).Id);
    }

    [Fact]
    public async Task Due_deliveries_are_claimed_oldest_due_first_up_to_max()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var tasks = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var task = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
            await Store.CancelTaskAsync(task.Id, account.Id, Ct);
            tasks.Add(task.Id);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var firstTwo = await Store.ClaimWebhookDeliveriesAsync("sender-1", Clock.GetUtcNow(), LongLease, 2, Ct);
        var last = await Store.ClaimWebhookDeliveriesAsync("sender-2", Clock.GetUtcNow(), LongLease, 2, Ct);

        Assert.Equal(tasks[..2], firstTwo.Select(d => d.TaskId));
        Assert.Equal([tasks[2]], last.Select(d => d.TaskId));
    }

    /// <summary>A canceled task's pending delivery (cancel queues it like any other end).</summary>
    private async Task<WebhookDelivery> EndedTaskDeliveryAsync()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 1, callbackUrl: CallbackUrl);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(task.Id, account.Id, Ct));
        return await Store.GetWebhookDeliveryAsync(task.Id, Ct) ?? throw new InvalidOperationException("no delivery queued");
    }
}
