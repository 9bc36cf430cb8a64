namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Expired_files_are_listed_by_expiry_until_marked_deleted()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 1, "worker-1", images: 3);
        var now = Clock.GetUtcNow();
        NewFile[] files = [File(0, now.AddHours(3)), File(1, now.AddHours(1)), File(2, now.AddHours(2))];
        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", files, Quality.Medium, 3, Ct));

        Assert.Empty(await Store.GetExpiredFilesAsync(now, 10, Ct));
        Assert.Equal([files[1].Id, files[2].Id], (await Store.GetExpiredFilesAsync(now.AddHours(2), 10, Ct)).Select(f => f.Id));
        Assert.Equal([files[1].Id], (await Store.GetExpiredFilesAsync(now.AddHours(2), 1, Ct)).Select(f => f.Id));

        var before = Clock.GetUtcNow();
        await Store.MarkFileDeletedAsync(files[1].Id, Ct);

        AssertTakenSince(before, (await Store.GetFileAsync(files[1].Id, Ct))!.DeletedAt);
        Assert.Equal([files[2].Id], (await Store.GetExpiredFilesAsync(now.AddHours(2), 10, Ct)).Select(f => f.Id));
        Assert.Equal([files[2].Id, files[0].Id], (await Store.GetExpiredFilesAsync(now.AddDays(1), 10, Ct)).Select(f => f.Id));
    }

    [Fact]
    public async Task Input_images_are_listed_by_expiry_and_deleted()
    {
        var account = await NewAccountAsync();
        var now = Clock.GetUtcNow();
        InputImage[] images =
        [
            new(Ids.New("in_"), "png", 100, now.AddHours(2)),
            new(Ids.New("in_"), "jpg", 200, now.AddHours(1)),
            new(Ids.New("in_"), "webp", 300, now.AddHours(3)),
        ];
        await Store.AddInputImagesAsync(account.Id, images, Ct);

        var expired = await Store.GetExpiredInputImagesAsync(now.AddHours(2), 10, Ct);

        Assert.Equal([images[1] with { ExpiresAt = Ms(images[1].ExpiresAt) }, images[0] with { ExpiresAt = Ms(images[0].ExpiresAt) }], expired);
        Assert.Single(await Store.GetExpiredInputImagesAsync(now.AddHours(2), 1, Ct));
        await Store.DeleteInputImagesAsync([images[1].Id, images[0].Id], Ct);
        await Store.DeleteInputImagesAsync([], Ct);
        Assert.Equal([images[2].Id], (await Store.GetExpiredInputImagesAsync(now.AddDays(1), 10, Ct)).Select(i => i.Id));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM input_images"));
    }

    [Fact]
    public async Task Get_or_add_setting_keeps_the_first_value_and_set_overwrites()
    {
        Assert.Null(await Store.GetSettingAsync("file_signing_key", Ct));

        Assert.Equal("first", await Store.GetOrAddSettingAsync("file_signing_key", "first", Ct));
        Assert.Equal("first", await Store.GetOrAddSettingAsync("file_signing_key", "second", Ct));
        Assert.Equal("first", await Store.GetSettingAsync("file_signing_key", Ct));

        await Store.SetSettingAsync("file_signing_key", "third", Ct);
        Assert.Equal("third", await Store.GetSettingAsync("file_signing_key", Ct));
        await Store.SetSettingAsync("admin_key_hash", "abc", Ct);
        Assert.Equal("abc", await Store.GetSettingAsync("admin_key_hash", Ct));
        Assert.Equal("third", await Store.GetSettingAsync("file_signing_key", Ct));
    }

    [Fact]
    public async Task The_store_answers_when_reachable()
    {
        Assert.True(await Store.IsReachableAsync(Ct));
    }
}
