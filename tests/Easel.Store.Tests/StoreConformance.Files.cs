namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Expired_files_are_listed_by_expiry_until_marked_deleted()
    {
        var account = await NewAccountAsync(balance: 10);
        var caller = await NewCallerAsync(account.Id);
        var now = Clock.GetUtcNow();
        var files = new List<GeneratedImage>();
        foreach (var hours in new[] { 3, 1, 2 })
        {
            var task = await RunningTaskAsync(caller, price: 1, "worker-1");
            files.Add(File(0));
            Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [files[^1]], now.AddHours(hours), Quality.Medium, 1, Ct));
        }
        var ids = files.Select(f => f.Key.Id).ToList();

        Assert.Empty(await Store.GetExpiredFilesAsync(now, 10, Ct));
        Assert.Equal([ids[1], ids[2]], (await Store.GetExpiredFilesAsync(now.AddHours(2), 10, Ct)).Select(f => f.Id));
        Assert.Equal([ids[1]], (await Store.GetExpiredFilesAsync(now.AddHours(2), 1, Ct)).Select(f => f.Id));

        var before = Clock.GetUtcNow();
        await Store.MarkFileDeletedAsync(ids[1], Ct);

        AssertTakenSince(before, (await Store.GetFileAsync(ids[1], Ct))!.DeletedAt);
        Assert.Equal([ids[2]], (await Store.GetExpiredFilesAsync(now.AddHours(2), 10, Ct)).Select(f => f.Id));
        Assert.Equal([ids[2], ids[0]], (await Store.GetExpiredFilesAsync(now.AddDays(1), 10, Ct)).Select(f => f.Id));
    }

    [Fact]
    public async Task Tasks_read_one_at_a_time_or_by_the_page_carry_their_own_files_in_order_deleted_ones_too()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var first = await RunningTaskAsync(caller, price: 1, "worker-1", images: 3);
        GeneratedImage[] firstFiles = [File(0), File(1, OutputFormat.Webp), File(2, OutputFormat.Jpeg)];
        Assert.True(await Store.CompleteTaskAsync(first.Id, "worker-1", firstFiles, FilesExpireAt, Quality.Medium, 3, Ct));
        // Newest first is by creation time: tasks made within one millisecond would tie.
        Clock.Advance(TimeSpan.FromMilliseconds(2));
        var second = await RunningTaskAsync(caller, price: 1, "worker-1");
        GeneratedImage[] secondFiles = [File(0)];
        Assert.True(await Store.CompleteTaskAsync(second.Id, "worker-1", secondFiles, FilesExpireAt, Quality.Medium, 1, Ct));
        Clock.Advance(TimeSpan.FromMilliseconds(2));
        var failed = await RunningTaskAsync(caller, price: 1, "worker-1");
        Assert.True(await Store.FailTaskAsync(failed.Id, "worker-1", FailureCode.Timeout, "timed out", Ct));
        await Store.MarkFileDeletedAsync(firstFiles[1].Key.Id, Ct);

        var page = await Store.ListTasksAsync(account.Id, null, 10, null, Ct);

        Assert.Equal([failed.Id, second.Id, first.Id], page.Items.Select(t => t.Id));
        Assert.Empty(page.Items[0].Files);
        Assert.Equal(secondFiles.Select(f => f.Key), page.Items[1].Files.Select(f => f.Key));
        Assert.Equal(firstFiles.Select(f => f.Key), page.Items[2].Files.Select(f => f.Key));
        Assert.Equal([false, true, false], page.Items[2].Files.Select(f => f.DeletedAt is not null));
        Assert.Equal(page.Items[2].Files, (await TaskAsync(first.Id)).Files);
    }

    [Fact]
    public async Task A_files_thumbnail_is_kept_with_it_in_its_own_format()
    {
        var account = await NewAccountAsync(balance: 10);
        var task = await RunningTaskAsync(await NewCallerAsync(account.Id), price: 1, "worker-1", images: 2);
        var withThumbnail = File(0, OutputFormat.Jpeg);
        withThumbnail = withThumbnail with { Thumbnail = withThumbnail.Key.Thumbnail(OutputFormat.Webp) };
        Assert.True(await Store.CompleteTaskAsync(task.Id, "worker-1", [withThumbnail, File(1)], FilesExpireAt, Quality.Medium, 2, Ct));

        var files = (await TaskAsync(task.Id)).Files;

        Assert.Equal([withThumbnail.Thumbnail, null], files.Select(f => f.Thumbnail));
        Assert.Equal($"thumb_{withThumbnail.Key.Id}.webp", files[0].Thumbnail!.Value.Name);
        Assert.Equal(files[0], await Store.GetFileAsync(withThumbnail.Key.Id, Ct));
    }

    [Fact]
    public async Task Requests_of_many_tasks_are_read_at_once_and_unknown_ids_are_left_out()
    {
        var caller = await NewCallerAsync((await NewAccountAsync(balance: 10)).Id);
        var tasks = await SubmitManyAsync(caller, 3);

        var requests = await Store.GetTaskRequestsAsync([tasks[0].Id, tasks[2].Id, "task_missing"], Ct);

        Assert.Equal(new[] { tasks[0].Id, tasks[2].Id }.Order(StringComparer.Ordinal), requests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(RequestJsonCodec.Serialize((await Store.GetTaskRequestAsync(tasks[2].Id, Ct))!), RequestJsonCodec.Serialize(requests[tasks[2].Id]));
        Assert.Empty(await Store.GetTaskRequestsAsync([], Ct));
    }

    [Fact]
    public async Task Input_images_are_listed_by_expiry_and_deleted()
    {
        var account = await NewAccountAsync();
        var now = Clock.GetUtcNow();
        InputImage[] images =
        [
            new(new BlobKey(Ids.New("in_"), OutputFormat.Png), 100, now.AddHours(2)),
            new(new BlobKey(Ids.New("in_"), OutputFormat.Jpeg), 200, now.AddHours(1)),
            new(new BlobKey(Ids.New("in_"), OutputFormat.Webp), 300, now.AddHours(3)),
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
