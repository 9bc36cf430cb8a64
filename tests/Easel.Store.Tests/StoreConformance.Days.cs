namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Free_images_start_again_each_UTC_day_and_yesterdays_do_not_come_back()
    {
        var account = await NewAccountAsync(balance: 10);
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(2, null, null), Ct);
        var caller = await NewCallerAsync(account.Id);
        var yesterdays = await SubmitAsync(caller, price: 1, images: 2);
        Assert.Equal(0, (await AccountAsync(account.Id)).FreeImagesLeftToday);

        Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(2, (await AccountAsync(account.Id)).FreeImagesLeftToday);
        var todays = await SubmitAsync(caller, price: 1, images: 1);
        Assert.Equal((1, 0L), (todays.FreeImages, todays.Reserved));
        Assert.True(await Store.FailTaskAsync(yesterdays.Id, null, FailureCode.Timeout, "expired", Ct));
        Assert.Equal(1, (await AccountAsync(account.Id)).FreeImagesLeftToday);
        Assert.True(await Store.FailTaskAsync(todays.Id, null, FailureCode.Timeout, "expired", Ct));
        Assert.Equal(2, (await AccountAsync(account.Id)).FreeImagesLeftToday);
        Assert.Equal([(LedgerKinds.Grant, 10L)], await MovementsAsync(account.Id));
    }

    [Fact]
    public async Task The_daily_spend_counts_what_succeeded_tasks_captured_and_starts_again_each_day()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id, new KeyLimits(null, null, 10));
        var task = await RunningTaskAsync(caller, price: 4, "worker-1", images: 2);
        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.Low, 2, Ct));
        await SubmitAsync(caller, price: 4);

        Assert.Equal(new SubmitOutcome.DailySpendReached(10, 6, 5), await Store.SubmitTaskAsync(NewTask(caller, price: 5), null, Ct));
        await SubmitAsync(caller, price: 4);
        Clock.Advance(TimeSpan.FromDays(1));

        await SubmitAsync(caller, price: 10);
        Assert.Equal(new SubmitOutcome.DailySpendReached(10, 10, 1), await Store.SubmitTaskAsync(NewTask(caller, price: 1), null, Ct));
        Assert.Equal((98L, 18L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
    }

    [Fact]
    public async Task A_task_taken_over_keeps_when_it_first_started()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 1);
        var first = Assert.Single(await Store.ClaimTasksAsync("worker-1", ShortLease, 1, Ct));
        await WaitOutShortLeaseAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));

        var second = Assert.Single(await Store.ClaimTasksAsync("worker-2", LongLease, 1, Ct));

        Assert.Equal(task.Id, second.Task.Id);
        Assert.Equal(first.Task.StartedAt, second.Task.StartedAt);
        Assert.Equal(first.Task.StartedAt, (await TaskAsync(task.Id)).StartedAt);
    }

    [Fact]
    public async Task A_store_whose_database_cannot_be_reached_says_so()
    {
        var store = Open(UnreachableDatabase);

        Assert.False(await store.IsReachableAsync(Ct));
    }
}
