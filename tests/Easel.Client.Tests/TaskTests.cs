using System.Net;
using Easel.Client.Tests.Support;
using Easel.Imaging;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Easel.Client.Tests;

public sealed class TaskTests(FastEasel fixture) : IClassFixture<FastEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_returns_the_finished_task_with_its_file_credits_and_settings()
    {
        var (easel, tenant) = await fixture.ClientAsync(credits: 100);
        var seen = new List<ImageTaskStatus>();

        var task = await easel.GenerateAsync(
            new ImageRequest("a red bicycle") { Size = "16:9", Quality = ImageQuality.Low },
            new SynchronousProgress<ImageTaskStatus>(seen.Add), Ct);

        Assert.Equal(ImageTaskState.Succeeded, task.State);
        var file = Assert.Single(task.Files);
        Assert.Equal((1360, 768), (file.Width, file.Height));
        Assert.EndsWith(".png", file.FileName, StringComparison.Ordinal);
        Assert.NotNull(file.ThumbnailUrl);
        Assert.Equal(1, task.Credits.Captured);
        Assert.Equal("a red bicycle", task.Request!.Prompt);
        Assert.Equal(("16:9", ImageResolution.OneK, ImageQuality.Low), (task.Request.Ratio, task.Request.Resolution, task.Request.Quality));
        Assert.Equal(("gpt-image-2", "unified"), (task.Model, task.Dialect));
        Assert.NotNull(task.FinishedAt);
        Assert.Equal(ImageTaskState.Succeeded, seen[^1].State);
        Assert.Equal(99, (await easel.Account.GetBalanceAsync(Ct)).Balance);
        Assert.Equal(1, await fixture.Server.TaskCountAsync(tenant.AccountId));
    }

    [Fact]
    public async Task A_prompt_alone_generates_at_the_server_defaults()
    {
        var (easel, _) = await fixture.ClientAsync();

        var task = await easel.GenerateAsync("a quiet harbour", Ct);

        Assert.Equal((1024, 1024), (task.Files[0].Width, task.Files[0].Height));
        Assert.Equal(ImageQuality.Auto, task.Request!.Quality);
    }

    [Fact]
    public async Task SubmitAsync_then_status_watch_and_task_show_the_same_task()
    {
        var (easel, _) = await fixture.ClientAsync();

        var submitted = await easel.SubmitAsync(new ImageRequest("a lighthouse") { Quality = ImageQuality.Low }, cancellationToken: Ct);
        var updates = await easel.WatchAsync(submitted.TaskId, Ct).ToListAsync(Ct);
        var status = await easel.GetStatusAsync(submitted.TaskId, Ct);
        var task = await easel.GetTaskAsync(submitted.TaskId, Ct);

        Assert.StartsWith("task_", submitted.TaskId, StringComparison.Ordinal);
        Assert.Equal(ImageTaskState.Queued, submitted.State);
        Assert.Equal(ImageTaskState.Succeeded, updates[^1].State);
        Assert.Equal(updates.Count, updates.Distinct().Count());
        Assert.Equal((ImageTaskState.Succeeded, 100), (status.State, status.Progress));
        Assert.Equal(status.Files[0].Url, task.Files[0].Url);
        Assert.Equal(submitted.CreatedAt, task.CreatedAt);
    }

    [Fact]
    public async Task DownloadAsync_writes_the_exact_bytes_the_file_url_serves()
    {
        var (easel, _) = await fixture.ClientAsync();
        var task = await easel.GenerateAsync(new ImageRequest("a green kite") { Quality = ImageQuality.Low }, cancellationToken: Ct);
        using var plain = new HttpClient();
        var served = await plain.GetByteArrayAsync(task.Files[0].Url, Ct);

        using var stream = new MemoryStream();
        await easel.DownloadAsync(task.Files[0], stream, Ct);
        var path = await easel.DownloadToFileAsync(task.Files[0], Path.Combine(Path.GetTempPath(), $"easel-{Guid.NewGuid():N}.png"), Ct);

        try
        {
            Assert.Equal(served, stream.ToArray());
            Assert.Equal(served, await File.ReadAllBytesAsync(path, Ct));
            Assert.Equal((1024, 1024), (PngCodec.Decode(served).Width, PngCodec.Decode(served).Height));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_download_that_fails_leaves_no_file_and_says_why()
    {
        var (easel, _) = await fixture.ClientAsync();
        var task = await easel.GenerateAsync(new ImageRequest("a blue kite") { Quality = ImageQuality.Low }, cancellationToken: Ct);
        var forged = task.Files[0] with { Url = new Uri(task.Files[0].Url.GetLeftPart(UriPartial.Path) + "?exp=1&sig=forged") };
        var path = Path.Combine(Path.GetTempPath(), $"easel-{Guid.NewGuid():N}.png");

        var error = await Assert.ThrowsAsync<EaselPermissionDeniedException>(() => easel.DownloadToFileAsync(forged, path, Ct));

        Assert.Equal("invalid file signature", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_edit_with_image_urls_runs_on_the_edit_model()
    {
        using var reference = new ReferenceServer(TestImages.Png(1536, 1024), "image/png");
        var (easel, _) = await fixture.ClientAsync();

        var task = await easel.GenerateAsync(new ImageRequest("make it night") { ImageUrls = [new Uri(reference.Url)], Quality = ImageQuality.Low, Size = "3:2" }, cancellationToken: Ct);

        Assert.Equal("gpt-image-2-edit", task.Model);
        Assert.Equal([reference.Url], task.Request!.ImageUrls);
        Assert.Equal((1248, 832), (task.Files[0].Width, task.Files[0].Height));
        Assert.Equal(1, reference.Requests);
    }

    [Fact]
    public async Task ListTasksAsync_pages_through_every_task_newest_first_and_filters_by_state()
    {
        var (easel, _) = await fixture.ClientAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await easel.GenerateAsync(new ImageRequest($"tile {i}") { Quality = ImageQuality.Low }, cancellationToken: Ct)).TaskId);
        }

        var all = await easel.ListTasksAsync(pageSize: 2, cancellationToken: Ct).Select(t => t.TaskId).ToListAsync(Ct);
        var finished = await easel.ListTasksAsync(ImageTaskState.Succeeded, pageSize: 3, cancellationToken: Ct).CountAsync(Ct);
        var failed = await easel.ListTasksAsync(ImageTaskState.Failed, cancellationToken: Ct).CountAsync(Ct);

        Assert.Equal(Enumerable.Reverse(ids), all);
        Assert.Equal((5, 0), (finished, failed));
    }

    [Fact]
    public async Task A_failed_task_throws_EaselTaskFailedException_with_the_task()
    {
        using var reference = new ReferenceServer("not an image"u8.ToArray(), "image/png");
        var (easel, _) = await fixture.ClientAsync(credits: 50);

        var error = await Assert.ThrowsAsync<EaselTaskFailedException>(() =>
            easel.GenerateAsync(new ImageRequest("fix this") { ImageUrls = [new Uri(reference.Url)], Quality = ImageQuality.Low }, cancellationToken: Ct));

        Assert.Equal(ImageTaskState.Failed, error.Task.State);
        Assert.Equal("invalid_reference_image", error.Task.ErrorCode);
        Assert.Equal(0, error.Task.Credits.Captured);
        Assert.Equal(50, (await easel.Account.GetBalanceAsync(Ct)).Available);
    }

    [Fact]
    public async Task A_client_from_AddEaselClient_reaches_the_server_through_IHttpClientFactory()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 7);
        var services = new ServiceCollection();
        services.AddEaselClient(o =>
        {
            o.BaseUrl = fixture.Server.BaseAddress;
            o.ApiKey = tenant.Key;
        });
        await using var provider = services.BuildServiceProvider();

        var easel = provider.GetRequiredService<EaselClient>();
        var task = await easel.GenerateAsync(new ImageRequest("a small boat") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        Assert.Equal(ImageTaskState.Succeeded, task.State);
        Assert.Equal(6, (await easel.Account.GetBalanceAsync(Ct)).Balance);
    }
}

/// <summary>Reports on the caller's thread, so a test sees every report before the call returns (Progress&lt;T&gt; posts them).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
