namespace Easel.Store.Tests;

/// <summary>How a task ends: complete (capture and release), fail and cancel (release everything).</summary>
public abstract partial class StoreConformance
{
    [Fact]
    public async Task Complete_captures_at_most_the_reservation_and_releases_the_rest()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 3, "worker-1", images: 4);
        var expires = Clock.GetUtcNow().AddHours(24);
        GeneratedImage[] files = [File(0), File(1, OutputFormat.Jpeg)];
        var before = Clock.GetUtcNow();

        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", files, expires, Quality.Medium, 9, Ct));

        var done = await TaskAsync(task.Id);
        Assert.Equal((TaskState.Succeeded, 12L, (long?)9, 100, (string?)null), (done.State, done.Reserved, done.Captured, done.Progress, done.LeaseOwner));
        Assert.Equal(Quality.Medium, done.ResolvedQuality);
        AssertTakenSince(before, done.FinishedAt);
        Assert.Equal(
            [(files[0].Key, 0, 1000L, 1024, 768, Ms(expires)), (files[1].Key, 1, 1001L, 1024, 768, Ms(expires))],
            done.Files.Select(f => (f.Key, f.Position, f.ByteCount, f.Width, f.Height, f.ExpiresAt)));
        var after = await AccountAsync(account.Id);
        Assert.Equal((91L, 0L), (after.Balance, after.Reserved));
        Assert.Equal([(LedgerKinds.Reserve, 12L), (LedgerKinds.Capture, 9L), (LedgerKinds.Release, 3L)], await MovementsAsync(account.Id, task.Id));
        await AssertBooksMatchLedgerAsync(account.Id);
        var stored = await Store.GetFileAsync(files[1].Key.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(done.Files[1], stored);
        Assert.Equal((task.Id, account.Id, "image/jpeg", $"{files[1].Key.Id}.jpg"), (stored.TaskId, stored.AccountId, stored.ContentType, stored.Key.Name));
        Assert.Equal((DateTimeOffset?)null, stored.DeletedAt);
        AssertTakenSince(before, stored.CreatedAt);
        Assert.Equal(0, (await Store.GetFileAsync(files[0].Key.Id, Ct))!.Position);
        Assert.Null(await Store.GetFileAsync("file_missing", Ct));
        Assert.Null(await Store.GetWebhookDeliveryAsync(task.Id, Ct));
    }

    [Fact]
    public async Task Complete_never_captures_more_than_was_reserved()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 3, "worker-1", images: 4);

        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.High, 48, Ct));

        Assert.Equal(12, (await TaskAsync(task.Id)).Captured);
        Assert.Equal([(LedgerKinds.Reserve, 12L), (LedgerKinds.Capture, 12L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal((88L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
    }

    [Fact]
    public async Task Complete_of_a_task_on_free_images_charges_nothing()
    {
        var account = await NewAccountAsync(balance: 10);
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(3, null, null), Ct);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 3, "worker-1", images: 2);

        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.Medium, 6, Ct));

        Assert.Equal((0L, (long?)0, 2), ((await TaskAsync(task.Id)).Reserved, (await TaskAsync(task.Id)).Captured, (await TaskAsync(task.Id)).FreeImages));
        Assert.Equal([(LedgerKinds.Grant, 10L)], await MovementsAsync(account.Id));
        var after = await AccountAsync(account.Id);
        Assert.Equal((10L, 0L, 1), (after.Balance, after.Reserved, after.FreeImagesLeftToday));
    }

    [Fact]
    public async Task Complete_queues_a_webhook_delivery_when_the_task_has_a_callback()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 1, "worker-1", callbackUrl: CallbackUrl);
        var before = Clock.GetUtcNow();

        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.Medium, 1, Ct));

        var delivery = await Store.GetWebhookDeliveryAsync(task.Id, Ct);
        Assert.NotNull(delivery);
        Assert.StartsWith("msg_", delivery.Id, StringComparison.Ordinal);
        Assert.Equal((task.Id, account.Id, CallbackUrl, WebhookStates.Pending, 0), (delivery.TaskId, delivery.AccountId, delivery.Url, delivery.State, delivery.Attempts));
        AssertTakenSince(before, delivery.NextAttemptAt);
        AssertTakenSince(before, delivery.CreatedAt);
        Assert.Null(delivery.FinishedAt);
        Assert.Empty(delivery.History);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM webhook_deliveries"));
    }

    [Fact]
    public async Task Complete_by_another_owner_changes_nothing()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 2, "worker-1", callbackUrl: CallbackUrl);
        var file = File(0);

        Assert.False(await Store.CompleteTaskAsync(task.Id, "worker-2", [file], FilesExpireAt, Quality.Medium, 2, Ct));

        var after = await TaskAsync(task.Id);
        Assert.Equal((TaskState.Running, "worker-1", (long?)null), (after.State, after.LeaseOwner, after.Captured));
        Assert.Equal((100L, 2L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
        Assert.Equal([(LedgerKinds.Reserve, 2L)], await MovementsAsync(account.Id, task.Id));
        Assert.Null(await Store.GetFileAsync(file.Key.Id, Ct));
        Assert.Null(await Store.GetWebhookDeliveryAsync(task.Id, Ct));
        Assert.False(await Store.CompleteTaskAsync("task_missing", "worker-1", [], FilesExpireAt, Quality.Medium, 2, Ct));
    }

    [Fact]
    public async Task Complete_after_cancel_changes_nothing()
    {
        var account = await NewAccountAsync(balance: 100);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 2, "worker-1", images: 2, callbackUrl: CallbackUrl);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(task.Id, account.Id, Ct));
        var file = File(0);

        Assert.False(await Store.CompleteTaskAsync(task.Id, "worker-1", [file], FilesExpireAt, Quality.Medium, 4, Ct));

        var after = await TaskAsync(task.Id);
        Assert.Equal((TaskState.Canceled, (long?)0, (string?)null), (after.State, after.Captured, after.LeaseOwner));
        Assert.Equal([(LedgerKinds.Reserve, 4L), (LedgerKinds.Release, 4L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal((100L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
        Assert.Null(await Store.GetFileAsync(file.Key.Id, Ct));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM webhook_deliveries"));
        Assert.False(await Store.RenewLeaseAsync(task.Id, "worker-1", LongLease, Ct));
    }

    [Fact]
    public async Task Fail_releases_everything_and_gives_back_the_days_free_images()
    {
        var account = await NewAccountAsync(balance: 10);
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(2, null, null), Ct);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 2, "worker-1", images: 3, callbackUrl: CallbackUrl);
        Assert.Equal((2, 2L), (task.FreeImages, task.Reserved));
        Assert.Equal(0, (await AccountAsync(account.Id)).FreeImagesLeftToday);

        Assert.False(await Store.FailTaskAsync(task.Id, "worker-2", FailureCode.UpstreamFailed, "boom", Ct));
        Assert.True(await Store.FailTaskAsync(task.Id, "worker-1", FailureCode.UpstreamFailed, "boom", Ct));

        var failed = await TaskAsync(task.Id);
        Assert.Equal((TaskState.Failed, FailureCode.UpstreamFailed, "boom", (long?)0, (string?)null), (failed.State, failed.ErrorCode, failed.ErrorMessage, failed.Captured, failed.LeaseOwner));
        Assert.NotNull(failed.FinishedAt);
        var after = await AccountAsync(account.Id);
        Assert.Equal((10L, 0L, 2), (after.Balance, after.Reserved, after.FreeImagesLeftToday));
        Assert.Equal([(LedgerKinds.Reserve, 2L), (LedgerKinds.Release, 2L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal(WebhookStates.Pending, (await Store.GetWebhookDeliveryAsync(task.Id, Ct))!.State);
        Assert.False(await Store.FailTaskAsync(task.Id, null, FailureCode.InternalError, "again", Ct));
        await AssertBooksMatchLedgerAsync(account.Id);
    }

    [Fact]
    public async Task Fail_without_an_owner_ends_a_queued_task()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 3);

        Assert.True(await Store.FailTaskAsync(task.Id, null, FailureCode.Timeout, "never started", Ct));

        Assert.Equal((TaskState.Failed, FailureCode.Timeout), ((await TaskAsync(task.Id)).State, (await TaskAsync(task.Id)).ErrorCode));
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Release, 3L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal(0, (await AccountAsync(account.Id)).Reserved);
        Assert.Empty(await Store.ClaimTasksAsync("worker-1", LongLease, 1, Ct));
    }

    [Fact]
    public async Task A_failure_is_stored_as_its_word_and_a_word_this_version_does_not_know_reads_as_an_internal_error()
    {
        var account = await NewAccountAsync(balance: 10);
        var known = await SubmitAsync(await NewCallerAsync(account.Id), price: 1);
        var unknown = await SubmitAsync(await NewCallerAsync(account.Id), price: 1);
        Assert.True(await Store.FailTaskAsync(known.Id, null, FailureCode.UpstreamRateLimited, "slow down", Ct));
        Assert.True(await Store.FailTaskAsync(unknown.Id, null, FailureCode.UpstreamRateLimited, "slow down", Ct));

        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM tasks WHERE id = '{known.Id}' AND error_code = 'upstream_rate_limited'"));
        Assert.Equal(1, await ExecuteAsync($"UPDATE tasks SET error_code = 'written_by_another_version' WHERE id = '{unknown.Id}'"));

        Assert.Equal(FailureCode.UpstreamRateLimited, (await TaskAsync(known.Id)).ErrorCode);
        Assert.Equal((FailureCode.InternalError, "slow down"), ((await TaskAsync(unknown.Id)).ErrorCode, (await TaskAsync(unknown.Id)).ErrorMessage));
        var listed = await Store.ListTasksAsync(account.Id, [TaskState.Failed], 10, null, Ct);
        Assert.Contains(listed.Items, t => t.Id == unknown.Id && t.ErrorCode == FailureCode.InternalError);
    }

    [Fact]
    public async Task Cancel_ends_a_queued_task_once_and_only_for_its_account()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await SubmitAsync(await NewCallerAsync(account.Id), price: 3);
        var other = await NewAccountAsync(name: "other");

        Assert.Equal(CancelOutcome.NotFound, await Store.CancelTaskAsync(task.Id, other.Id, Ct));
        Assert.Equal(TaskState.Queued, (await TaskAsync(task.Id)).State);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(task.Id, account.Id, Ct));
        Assert.Equal(CancelOutcome.AlreadyTerminal, await Store.CancelTaskAsync(task.Id, account.Id, Ct));
        Assert.Equal(CancelOutcome.NotFound, await Store.CancelTaskAsync(task.Id, other.Id, Ct));
        Assert.Equal(CancelOutcome.NotFound, await Store.CancelTaskAsync("task_missing", account.Id, Ct));

        var canceled = await TaskAsync(task.Id);
        Assert.Equal((TaskState.Canceled, FailureCode.Canceled, (long?)0), (canceled.State, canceled.ErrorCode, canceled.Captured));
        Assert.NotNull(canceled.FinishedAt);
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Release, 3L)], await MovementsAsync(account.Id, task.Id));
        Assert.Empty(await Store.ClaimTasksAsync("worker-1", LongLease, 1, Ct));
    }

    [Fact]
    public async Task Cancel_of_a_succeeded_task_is_AlreadyTerminal_and_keeps_the_capture()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 3, "worker-1");
        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [], FilesExpireAt, Quality.Medium, 3, Ct));

        Assert.Equal(CancelOutcome.AlreadyTerminal, await Store.CancelTaskAsync(task.Id, account.Id, Ct));

        Assert.Equal(TaskState.Succeeded, (await TaskAsync(task.Id)).State);
        Assert.Equal([(LedgerKinds.Reserve, 3L), (LedgerKinds.Capture, 3L)], await MovementsAsync(account.Id, task.Id));
        Assert.Equal((7L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
    }
}
