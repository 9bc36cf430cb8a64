using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Imaging;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Easel.Server.Tests;

/// <summary>The native task route and task list in full: settings, credits, thumbnails and expiry (Easel extensions).</summary>
public sealed class TaskViewTests
{
    [Fact]
    public async Task A_finished_task_shows_its_settings_credits_and_a_thumbnail_of_its_file()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "a lighthouse at dusk", quality: "medium", size: "3:2", resolution: "2K"));
        var status = await tenant.WaitEndAsync(taskId);

        var view = await ViewAsync(tenant, taskId);

        Assert.True(SizePresets.TryResolve("3:2", Resolution.TwoK, out var size));
        Assert.Equal(("finished", 100, "gpt-image-2", "unified", "medium"), (Text(view, "status"), view.GetProperty("progress").GetInt32(), Text(view, "model"), Text(view, "dialect"), Text(view, "resolved_quality")));
        foreach (var field in new[] { "task_id", "status", "created_time" })
        {
            Assert.Equal(Text(status, field), Text(view, field));
        }
        Assert.NotNull(Text(view, "finished_time"));
        var request = view.GetProperty("request");
        Assert.Equal(
            ("a lighthouse at dusk", "medium", size.ToString(), "3:2", "2K", "png", "auto"),
            (Text(request, "prompt"), Text(request, "quality"), Text(request, "size"), Text(request, "ratio"), Text(request, "resolution"), Text(request, "output_format"), Text(request, "background")));
        Assert.Equal((1, 0, false), (request.GetProperty("n").GetInt32(), request.GetProperty("reference_images").GetInt32(), request.GetProperty("has_mask").GetBoolean()));
        var credits = view.GetProperty("credits");
        var price = new PriceTable().PerImage(Quality.Medium, BillingTier.TwoK);
        Assert.Equal((price, price, 0), (credits.GetProperty("reserved").GetInt64(), credits.GetProperty("captured").GetInt64(), credits.GetProperty("free_images").GetInt32()));

        var file = Assert.Single(view.GetProperty("files").EnumerateArray());
        Assert.Equal(Text(status.GetProperty("files")[0], "file_url"), Text(file, "file_url"));
        Assert.Equal((size.Width, size.Height, false), (file.GetProperty("width").GetInt32(), file.GetProperty("height").GetInt32(), file.GetProperty("expired").GetBoolean()));
        using var anonymous = server.NewClient();
        using var thumbnail = await anonymous.GetAsync(Text(file, "thumbnail_url"));
        Assert.Equal(200, (int)thumbnail.StatusCode);
        Assert.Equal(Thumbnails.Format.ContentType(), thumbnail.Content.Headers.ContentType?.MediaType);
        var picture = ImageEncoder.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal((Thumbnails.LongSide, Thumbnails.LongSide * size.Height / size.Width), (picture.Width, picture.Height));
    }

    [Fact]
    public async Task The_task_list_shows_each_task_as_the_task_route_does_and_failed_ones_say_why()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "1000"));
        var tenant = await server.CreateTenantAsync(credits: 100);
        var finished = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.WaitEndAsync(finished);
        var canceled = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "a slow one"));
        Assert.Equal(200, (await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{canceled}")).Status);

        var (code, list, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/generate/tasks");

        Assert.Equal(200, code);
        var items = list.GetProperty("data").GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal([canceled, finished], items.Select(t => Text(t, "task_id")));
        foreach (var item in items)
        {
            Assert.Equal((await ViewAsync(tenant, Text(item, "task_id")!)).GetRawText(), item.GetRawText());
        }
        var stopped = await ViewAsync(tenant, canceled);
        Assert.Equal(("failed", "canceled", "canceled"), (Text(stopped, "status"), Text(stopped, "error_code"), Text(stopped, "error_message")));
        Assert.Equal(0, stopped.GetProperty("credits").GetProperty("captured").GetInt64());
        Assert.Empty(stopped.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task After_expiry_a_file_says_so_and_its_thumbnail_is_gone_with_it()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock, settings: ("Easel:FileTtlHours", "1"));
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.WaitEndAsync(taskId);
        var thumbnailUrl = Text((await ViewAsync(tenant, taskId)).GetProperty("files")[0], "thumbnail_url")!;
        var thumbnails = Directory.GetFiles(Path.Combine(server.DataDir, "files"), "thumb_*", SearchOption.AllDirectories);
        Assert.Single(thumbnails);

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(Expired(await ViewAsync(tenant, taskId)));
        await server.Services.GetRequiredService<ExpirySweeper>().SweepAsync(CancellationToken.None);

        Assert.True(Expired(await ViewAsync(tenant, taskId)));
        Assert.False(File.Exists(thumbnails[0]));
        using var anonymous = server.NewClient();
        Assert.Equal(410, (int)(await anonymous.GetAsync(thumbnailUrl)).StatusCode);
    }

    [Fact]
    public async Task A_thumbnail_link_is_signed_like_its_file_and_names_only_a_thumbnail_that_exists()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.WaitEndAsync(taskId);
        var file = (await ViewAsync(tenant, taskId)).GetProperty("files")[0];
        var thumbnail = new Uri(Text(file, "thumbnail_url")!);
        var urls = server.Services.GetRequiredService<FileUrls>();
        var exp = long.Parse(System.Web.HttpUtility.ParseQueryString(thumbnail.Query)["exp"]!, System.Globalization.CultureInfo.InvariantCulture);
        var otherFormat = thumbnail.AbsolutePath.EndsWith(".png", StringComparison.Ordinal)
            ? thumbnail.AbsolutePath[..^4] + ".jpg"
            : thumbnail.AbsolutePath[..thumbnail.AbsolutePath.LastIndexOf('.')] + ".png";
        var otherName = otherFormat["/files/".Length..];
        var unknown = "thumb_file_doesnotexist.png";
        using var anonymous = server.NewClient();

        Assert.Equal(403, (int)(await anonymous.GetAsync($"{thumbnail.AbsolutePath}?exp={exp + 1}&sig=x")).StatusCode);
        Assert.Equal(404, (int)(await anonymous.GetAsync($"{otherFormat}?exp={exp}&sig={SignatureOf(urls, otherName, exp)}")).StatusCode);
        Assert.Equal(404, (int)(await anonymous.GetAsync($"/files/{unknown}?exp={exp}&sig={SignatureOf(urls, unknown, exp)}")).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_task_or_an_unknown_one_is_404_in_the_native_shape()
    {
        await using var server = await EaselServer.StartAsync();
        var owner = await server.CreateTenantAsync();
        var stranger = await server.CreateTenantAsync();
        var taskId = await owner.SubmitOkAsync(Tenant.Submit());

        foreach (var (who, id) in new[] { (stranger, taskId), (owner, "task_missing") })
        {
            var (status, body, _) = await EaselServer.SendAsync(who.Client, HttpMethod.Get, $"/api/generate/tasks/{id}");
            EnvelopeAssert.Error($"GET /api/generate/tasks/{id}", status, body, 404, "not_found_error", $"no task '{id}'");
        }
        using var anonymous = server.NewClient();
        Assert.Equal(401, (int)(await anonymous.GetAsync($"/api/generate/tasks/{taskId}")).StatusCode);
    }

    private static async Task<JsonElement> ViewAsync(Tenant tenant, string taskId)
    {
        var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/tasks/{taskId}");
        Assert.True(status == 200, $"task route answered {status}: {body}");
        return body.GetProperty("data");
    }

    private static bool Expired(JsonElement view) => view.GetProperty("files")[0].GetProperty("expired").GetBoolean();

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    /// <summary>A valid signature for <paramref name="name"/>: what a link to it would carry had Easel made one.</summary>
    private static string SignatureOf(FileUrls urls, string name, long exp)
    {
        Assert.True(BlobKey.TryParse(name, out var key), name);
        var link = new Uri(urls.Sign("http://easel.test", key, DateTimeOffset.FromUnixTimeSeconds(exp)));
        return System.Web.HttpUtility.ParseQueryString(link.Query)["sig"]!;
    }
}
