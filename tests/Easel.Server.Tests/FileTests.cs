using Easel.Engine;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Easel.Server.Tests;

public sealed class FileTests
{
    [Fact]
    public async Task File_link_answers_410_after_expiry_and_the_sweeper_deletes_the_bytes()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock, settings: ("Easel:FileTtlHours", "1"));
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        var url = (await tenant.WaitEndAsync(taskId)).GetProperty("files")[0].GetProperty("file_url").GetString()!;
        using var anonymous = server.NewClient();
        Assert.Equal(200, (int)(await anonymous.GetAsync(url)).StatusCode);
        var stored = Directory.GetFiles(Path.Combine(server.DataDir, "files"), "*", SearchOption.AllDirectories);
        Assert.Equal(["file_", "thumb_"], stored.Select(path => Path.GetFileName(path).Split('_')[0] + "_").Order(StringComparer.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(410, (int)(await anonymous.GetAsync(url)).StatusCode);
        var sweeper = server.Services.GetRequiredService<ExpirySweeper>();
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        Assert.All(stored, path => Assert.False(File.Exists(path)));
        Assert.Equal(410, (int)(await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Uploaded_edit_images_are_kept_until_file_expiry_then_swept()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock, settings: ("Easel:FileTtlHours", "1"));
        var tenant = await server.CreateTenantAsync();
        using var form = TestImages.Form([("prompt", "a fox")], [TestImages.Png(64, 64)], TestImages.LeftHalfMask(64, 64));
        using var response = await tenant.Client.PostAsync("/v1/images/edits", form);
        Assert.Equal(200, (int)response.StatusCode);
        var uploads = Directory.GetFiles(server.DataDir, "input_*", SearchOption.AllDirectories);
        Assert.Equal(2, uploads.Length);

        clock.Advance(TimeSpan.FromMinutes(61));
        var sweeper = server.Services.GetRequiredService<ExpirySweeper>();
        await sweeper.SweepAsync(CancellationToken.None);

        Assert.All(uploads, path => Assert.False(File.Exists(path)));
    }

    [Fact]
    public async Task Sweeper_leaves_unexpired_files_alone()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock, settings: ("Easel:FileTtlHours", "24"));
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        var url = (await tenant.WaitEndAsync(taskId)).GetProperty("files")[0].GetProperty("file_url").GetString()!;

        clock.Advance(TimeSpan.FromHours(23));
        var sweeper = server.Services.GetRequiredService<ExpirySweeper>();

        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        using var anonymous = server.NewClient();
        Assert.Equal(200, (int)(await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Tampered_or_unsigned_file_links_are_refused()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        var url = new Uri((await tenant.WaitEndAsync(taskId)).GetProperty("files")[0].GetProperty("file_url").GetString()!);
        var exp = long.Parse(System.Web.HttpUtility.ParseQueryString(url.Query)["exp"]!, System.Globalization.CultureInfo.InvariantCulture);
        var sig = System.Web.HttpUtility.ParseQueryString(url.Query)["sig"]!;
        using var anonymous = server.NewClient();

        Assert.Equal(403, (int)(await anonymous.GetAsync($"{url.AbsolutePath}?exp={exp + 86400}&sig={sig}")).StatusCode);
        Assert.Equal(403, (int)(await anonymous.GetAsync($"{url.AbsolutePath}?exp={exp}&sig={(sig[0] == 'A' ? 'B' : 'A')}{sig[1..]}")).StatusCode);
        Assert.Equal(403, (int)(await anonymous.GetAsync($"{url.AbsolutePath}?exp={exp}")).StatusCode);
        Assert.Equal(403, (int)(await anonymous.GetAsync(url.AbsolutePath.Replace(".png", ".jpg", StringComparison.Ordinal) + url.Query)).StatusCode);
        Assert.Equal(200, (int)(await anonymous.GetAsync(url)).StatusCode);
    }
}
