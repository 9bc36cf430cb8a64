namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Submit_reserves_price_times_images_and_writes_a_reserve_row()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var before = Clock.GetUtcNow();

        var task = await SubmitAsync(caller, price: 3, images: 4);

        Assert.Equal((TaskState.Queued, 12L, (long?)null, 0, 0, 0), (task.State, task.Reserved, task.Captured, task.FreeImages, task.Attempts, task.Progress));
        Assert.Equal((account.Id, caller.KeyId, "unified", GenerationModel.Generate, false), (task.AccountId, task.KeyId, task.Dialect, task.Model, task.Test));
        Assert.Equal("https://easel.test", task.FileBase);
        Assert.Empty(task.Files);
        Assert.Null(task.LeaseOwner);
        Assert.Null(task.StartedAt);
        Assert.Null(task.FinishedAt);
        AssertTakenSince(before, task.CreatedAt);
        var after = await AccountAsync(account.Id);
        Assert.Equal((100L, 12L, 88L), (after.Balance, after.Reserved, after.Available));
        var reserve = (await LedgerAsync(account.Id))[^1];
        Assert.Equal((task.Id, LedgerKinds.Reserve, 12L), (reserve.TaskId, reserve.Kind, reserve.Amount));
        Assert.Equivalent(task, await TaskAsync(task.Id), strict: true);
    }

    [Fact]
    public async Task Submit_with_insufficient_credits_is_refused_and_writes_nothing()
    {
        var account = await NewAccountAsync(balance: 5);
        var caller = await NewCallerAsync(account.Id);
        var task = NewTask(caller, price: 3, images: 2);

        var outcome = await Store.SubmitTaskAsync(task, null, Ct);

        Assert.Equal(new SubmitOutcome.InsufficientCredits(5, 6), outcome);
        Assert.Null(await Store.GetTaskAsync(task.Id, Ct));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM tasks"));
        Assert.Equal([(LedgerKinds.Grant, 5L)], await MovementsAsync(account.Id));
        Assert.Equal((5L, 0L), ((await AccountAsync(account.Id)).Balance, (await AccountAsync(account.Id)).Reserved));
    }

    [Fact]
    public async Task Free_images_are_taken_first_and_only_the_rest_is_reserved()
    {
        var account = await NewAccountAsync(balance: 10);
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(2, null, null), Ct);
        var caller = await NewCallerAsync(account.Id);

        var first = await SubmitAsync(caller, price: 3, images: 3);
        var second = await SubmitAsync(caller, price: 3, images: 1);

        Assert.Equal((2, 3L), (first.FreeImages, first.Reserved));
        Assert.Equal((0, 3L), (second.FreeImages, second.Reserved));
        var after = await AccountAsync(account.Id);
        Assert.Equal((0, 10L, 6L), (after.FreeImagesLeftToday, after.Balance, after.Reserved));
        Assert.Equal([(LedgerKinds.Reserve, 3L)], await MovementsAsync(account.Id, first.Id));
    }

    [Fact]
    public async Task Free_images_alone_need_no_credits_and_reserve_nothing()
    {
        var account = await NewAccountAsync();
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(5, null, null), Ct);
        var caller = await NewCallerAsync(account.Id);

        var task = await SubmitAsync(caller, price: 3, images: 2);

        Assert.Equal((2, 0L), (task.FreeImages, task.Reserved));
        Assert.Equal((3, 0L), ((await AccountAsync(account.Id)).FreeImagesLeftToday, (await AccountAsync(account.Id)).Reserved));
        Assert.Empty(await LedgerAsync(account.Id));
        Assert.Equal(new SubmitOutcome.InsufficientCredits(0, 3), await Store.SubmitTaskAsync(NewTask(caller, price: 3, images: 4), null, Ct));
        Assert.Equal(3, (await AccountAsync(account.Id)).FreeImagesLeftToday);
    }

    [Fact]
    public async Task Submit_past_max_concurrent_tasks_is_TooManyUnfinished()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id, new KeyLimits(null, 2, null));
        var first = await SubmitAsync(caller, price: 1);
        await SubmitAsync(caller, price: 1);
        await Store.ClaimTasksAsync("worker-1", LongLease, 1, Ct);

        var refused = NewTask(caller, price: 1);
        Assert.Equal(new SubmitOutcome.TooManyUnfinished(2), await Store.SubmitTaskAsync(refused, null, Ct));
        Assert.Null(await Store.GetTaskAsync(refused.Id, Ct));
        Assert.Equal(2, (await AccountAsync(account.Id)).Reserved);

        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(first.Id, account.Id, Ct));
        await SubmitAsync(caller, price: 1);
        var other = await NewCallerAsync(account.Id, new KeyLimits(null, 2, null));
        await SubmitAsync(other, price: 1);
    }

    [Fact]
    public async Task Submit_past_the_daily_spend_limit_is_DailySpendReached()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id, new KeyLimits(null, null, 10));
        var first = await SubmitAsync(caller, price: 4);
        await SubmitAsync(caller, price: 4);

        var refused = NewTask(caller, price: 4);
        Assert.Equal(new SubmitOutcome.DailySpendReached(10, 8, 4), await Store.SubmitTaskAsync(refused, null, Ct));
        Assert.Null(await Store.GetTaskAsync(refused.Id, Ct));
        Assert.Equal(8, (await AccountAsync(account.Id)).Reserved);

        await SubmitAsync(caller, price: 2);
        Assert.Equal(CancelOutcome.Canceled, await Store.CancelTaskAsync(first.Id, account.Id, Ct));
        Assert.Equal(new SubmitOutcome.DailySpendReached(10, 6, 5), await Store.SubmitTaskAsync(NewTask(caller, price: 5), null, Ct));
        await SubmitAsync(caller, price: 4);
        Assert.Equal(10, (await AccountAsync(account.Id)).Reserved);
    }

    [Fact]
    public async Task A_test_mode_submit_reserves_nothing_and_takes_no_free_images()
    {
        var account = await NewAccountAsync();
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(2, null, null), Ct);
        var caller = await NewCallerAsync(account.Id, mode: KeyMode.Test);

        var task = await SubmitAsync(caller, price: 0, images: 3);

        Assert.Equal((true, 0L, 0), (task.Test, task.Reserved, task.FreeImages));
        var after = await AccountAsync(account.Id);
        Assert.Equal((0L, 0L, 2), (after.Balance, after.Reserved, after.FreeImagesLeftToday));
        Assert.Empty(await LedgerAsync(account.Id));
    }

    [Fact]
    public async Task The_task_request_round_trips()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var request = new GenerationRequest
        {
            Model = GenerationModel.Edit,
            Prompt = "make it night, \"quoted\" and ünïcode",
            Quality = Quality.High,
            Size = new ImageSize(1536, 1024),
            Format = OutputFormat.Webp,
            Background = Background.Transparent,
            ImageCount = 2,
            ImageUrls = ["https://example.com/a.png", "https://example.com/b.jpg"],
            InputImages = ["in_1", "in_2"],
            MaskImage = "in_mask",
            CallbackUrl = CallbackUrl,
            Seed = 1234567890123,
        };
        var created = Assert.IsType<SubmitOutcome.Created>(
            await Store.SubmitTaskAsync(new NewTask(Ids.New("task_"), caller, "openai", request, 1), null, Ct)).Task;

        var read = await Store.GetTaskRequestAsync(created.Id, Ct);

        Assert.Equivalent(request, read, strict: true);
        Assert.Equal(GenerationModel.Edit, created.Model);
        Assert.Null(await Store.GetTaskRequestAsync("task_missing", Ct));
        Assert.Null(await Store.GetTaskAsync("task_missing", Ct));
    }
}
