namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Daily_usage_counts_captures_and_images_per_UTC_day_ending_today_with_empty_days()
    {
        var account = await NewAccountAsync(balance: 1000);
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(1, null, null), Ct);
        var caller = await NewCallerAsync(account.Id);
        var free = await RunningTaskAsync(caller, price: 5, "worker-1");
        Assert.Equal(1, free.FreeImages);
        await SucceedAsync(free, "worker-1", images: 1, capture: 0);
        await SucceedAsync(await RunningTaskAsync(caller, price: 5, "worker-1", images: 2), "worker-1", images: 2, capture: 8);
        Assert.True(await Store.FailTaskAsync((await RunningTaskAsync(caller, price: 5, "worker-1")).Id, "worker-1", FailureCode.Timeout, "too slow", Ct));
        var firstDay = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        Clock.Advance(TimeSpan.FromDays(2));
        var halfFree = await RunningTaskAsync(caller, price: 3, "worker-1", images: 2);
        Assert.Equal((1, 3L), (halfFree.FreeImages, halfFree.Reserved));
        await SucceedAsync(halfFree, "worker-1", images: 2, capture: 3);
        var test = await NewCallerAsync(account.Id, mode: KeyMode.Test);
        await SucceedAsync(await RunningTaskAsync(test, price: 0, "worker-1"), "worker-1", images: 1, capture: 0);
        var other = await NewCallerAsync((await NewAccountAsync(balance: 100, name: "other")).Id);
        await SucceedAsync(await RunningTaskAsync(other, price: 7, "worker-1"), "worker-1", images: 3, capture: 7);

        var days = await Store.GetDailyUsageAsync(account.Id, 4, Ct);

        Assert.Equal(
            [
                new UsageDay(firstDay.AddDays(-1), 0, 0),
                new UsageDay(firstDay, 8, 3),
                new UsageDay(firstDay.AddDays(1), 0, 0),
                new UsageDay(firstDay.AddDays(2), 3, 2),
            ],
            days);
        Assert.Equal([new UsageDay(firstDay.AddDays(2), 3, 2)], await Store.GetDailyUsageAsync(account.Id, 1, Ct));
        Assert.Equal(366, (await Store.GetDailyUsageAsync(account.Id, 366, Ct)).Count);
        Assert.All(await Store.GetDailyUsageAsync((await NewAccountAsync(name: "idle")).Id, 3, Ct), d => Assert.Equal((0L, 0), (d.Credits, d.Images)));
    }

    [Fact]
    public async Task Queue_stats_count_the_queue_now_and_the_endings_of_each_of_the_last_60_minutes()
    {
        var account = await NewAccountAsync(balance: 1000);
        var caller = await NewCallerAsync(account.Id);
        var succeeded = await RunningTaskAsync(caller, price: 1, "worker-1");
        await SucceedAsync(succeeded, "worker-1", images: 1, capture: 1);
        var failed = await RunningTaskAsync(caller, price: 1, "worker-1");
        Assert.True(await Store.FailTaskAsync(failed.Id, "worker-1", FailureCode.Timeout, "too slow", Ct));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var canceled = await SubmitAsync(caller, price: 1);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(canceled.Id, account.Id, Ct));
        await RunningTaskAsync(caller, price: 1, "worker-1");
        await SubmitManyAsync(caller, 2);

        var stats = await Store.GetQueueStatsAsync(Ct);

        Assert.Equal((2, 1), (stats.Queued, stats.Running));
        Assert.Equal(60, stats.PerMinute.Count);
        var now = Clock.GetUtcNow();
        Assert.Equal(MinuteOf(now), stats.PerMinute[^1].Minute);
        Assert.All(stats.PerMinute.Zip(stats.PerMinute.Skip(1)), pair => Assert.Equal(pair.First.Minute.AddMinutes(1), pair.Second.Minute));
        async Task<QueueMinute> EndingOfAsync(TaskRecord task)
        {
            var minute = MinuteOf((await TaskAsync(task.Id)).FinishedAt!.Value);
            return stats.PerMinute.Single(m => m.Minute == minute);
        }
        Assert.Equal(1, (await EndingOfAsync(succeeded)).Succeeded);
        Assert.Equal(1, (await EndingOfAsync(failed)).Failed);
        Assert.Equal(1, (await EndingOfAsync(canceled)).Canceled);
        Assert.Equal((1, 1, 1), (stats.SucceededLastHour, stats.FailedLastHour, stats.CanceledLastHour));

        Clock.Advance(TimeSpan.FromMinutes(56));
        var later = await Store.GetQueueStatsAsync(Ct);
        Assert.Equal((2, 1), (later.Queued, later.Running));
        Assert.Equal((0, 0, 1), (later.SucceededLastHour, later.FailedLastHour, later.CanceledLastHour));
        Clock.Advance(TimeSpan.FromMinutes(6));
        var gone = await Store.GetQueueStatsAsync(Ct);
        Assert.Equal((0, 0, 0), (gone.SucceededLastHour, gone.FailedLastHour, gone.CanceledLastHour));
    }

    [Fact]
    public async Task The_backlog_counts_the_queued_and_running_tasks_and_the_webhooks_still_to_deliver()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        Assert.Equal(new Backlog(0, 0, 0), await Store.GetBacklogAsync(Ct));
        await RunningTaskAsync(caller, price: 1, "worker-1");
        var hooked = await RunningTaskAsync(caller, price: 1, "worker-1", callbackUrl: CallbackUrl);
        await SucceedAsync(hooked, "worker-1", images: 1, capture: 1);
        await SubmitManyAsync(caller, 2);
        var delivered = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(delivered.Id, account.Id, Ct));
        Assert.Equal(new Backlog(2, 1, 2), await Store.GetBacklogAsync(Ct));

        var now = Clock.GetUtcNow();
        var claimed = (await Store.ClaimWebhookDeliveriesAsync("sender-1", now, LongLease, 10, Ct)).Single(d => d.TaskId == delivered.Id);
        Assert.True(await Store.RecordWebhookAttemptAsync(claimed.Id, "sender-1", new WebhookAttempt(1, now, 200, null, 3), WebhookStates.Delivered, null, Ct));

        Assert.Equal(new Backlog(2, 1, 1), await Store.GetBacklogAsync(Ct));
    }

    [Fact]
    public async Task Webhook_deliveries_list_newest_first_with_their_attempts_and_only_the_accounts_own()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var first = await RunningTaskAsync(caller, price: 1, "worker-1", callbackUrl: CallbackUrl);
        await SucceedAsync(first, "worker-1", images: 1, capture: 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(second.Id, account.Id, Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await SubmitAsync(caller, price: 1, callbackUrl: CallbackUrl);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(third.Id, account.Id, Ct));
        await SubmitAsync(caller, price: 1);
        var stranger = await NewAccountAsync(balance: 10, name: "other");
        var theirs = await SubmitAsync(await NewCallerAsync(stranger.Id), price: 1, callbackUrl: CallbackUrl);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(theirs.Id, stranger.Id, Ct));
        var now = Clock.GetUtcNow();
        var claimed = await Store.ClaimWebhookDeliveriesAsync("sender-1", now, LongLease, 10, Ct);
        var firstDelivery = claimed.Single(d => d.TaskId == first.Id);
        var attempt = new WebhookAttempt(1, now, 503, null, 12);
        Assert.True(await Store.RecordWebhookAttemptAsync(firstDelivery.Id, "sender-1", attempt, WebhookStates.Pending, now.AddSeconds(5), Ct));
        var retry = new WebhookAttempt(2, now.AddSeconds(5), null, "connection refused", 4);
        Assert.Single(await Store.ClaimWebhookDeliveriesAsync("sender-1", now.AddSeconds(5), LongLease, 10, Ct), d => d.Id == firstDelivery.Id);
        Assert.True(await Store.RecordWebhookAttemptAsync(firstDelivery.Id, "sender-1", retry, WebhookStates.Failed, null, Ct));

        var pages = new List<Page<WebhookDelivery>>();
        string? cursor = null;
        do
        {
            pages.Add(await Store.ListWebhookDeliveriesAsync(account.Id, 2, cursor, Ct));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 5);

        Assert.Equal([2, 1], pages.Select(p => p.Items.Count));
        var listed = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal([third.Id, second.Id, first.Id], listed.Select(d => d.TaskId));
        Assert.All(listed, d => Assert.Equal((account.Id, CallbackUrl), (d.AccountId, d.Url)));
        var shown = listed[^1];
        Assert.Equal((WebhookStates.Failed, 2), (shown.State, shown.Attempts));
        Assert.Equal([new WebhookAttempt(1, Ms(now), 503, null, 12), new WebhookAttempt(2, Ms(now.AddSeconds(5)), null, "connection refused", 4)], shown.History);
        Assert.Equal((await Store.GetWebhookDeliveryAsync(first.Id, Ct))!.History, shown.History);
        Assert.All(listed.Take(2), d => Assert.Empty(d.History));
        Assert.Equal([theirs.Id], (await Store.ListWebhookDeliveriesAsync(stranger.Id, 10, null, Ct)).Items.Select(d => d.TaskId));
    }

    /// <summary>Completes a running task with <paramref name="images"/> files and captures <paramref name="capture"/>.</summary>
    private async Task SucceedAsync(TaskRecord running, string owner, int images, long capture)
    {
        var files = Enumerable.Range(0, images).Select(i => File(i)).ToList();
        Assert.True(await Store.CompleteTaskAsync(running.Id, owner, files, FilesExpireAt, Quality.Low, capture, Ct));
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds() / 60_000 * 60_000);
}
