using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class EditTests
{
    [Fact]
    public async Task Edit_fetches_the_first_reference_and_changes_it_visibly_at_the_requested_size()
    {
        var reference = Solid(640, 480, 30, 140, 200);
        using var host = new ReferenceServer(PngCodec.Encode(reference, withAlpha: false), "image/png");
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Security:AllowPrivateNetworks", "true"));
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: [host.Url], size: "1:1", resolution: "1K"));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("finished", done.GetProperty("status").GetString());
        Assert.Equal(1, host.Requests);
        using var anonymous = server.NewClient();
        var output = PngCodec.Decode(await anonymous.GetByteArrayAsync(done.GetProperty("files")[0].GetProperty("file_url").GetString()));
        Assert.Equal((1024, 1024), (output.Width, output.Height));
        var changed = 0;
        for (var i = 0; i < output.Pixels.Length; i += 4)
        {
            if (Math.Abs(output.Pixels[i] - 30) + Math.Abs(output.Pixels[i + 1] - 140) + Math.Abs(output.Pixels[i + 2] - 200) > 60)
            {
                changed++;
            }
        }
        Assert.True(changed > output.Width * output.Height / 2, $"only {changed} pixels differ visibly from the reference");
    }

    [Fact]
    public async Task Edit_with_a_loopback_reference_is_refused_at_submit_without_contacting_it_when_private_networks_are_off()
    {
        using var host = new ReferenceServer(PngCodec.Encode(Solid(64, 64, 0, 0, 0), withAlpha: false), "image/png");
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: [host.Url]));

        EnvelopeAssert.Error("loopback reference", status, body, 400, "invalid_request_error", "image URL refused");
        Assert.Equal(0, host.Requests);
        await EnvelopeAssert.UntouchedAsync("loopback reference", server, tenant.AccountId, 100);
    }

    [Fact]
    public async Task Edit_whose_reference_is_not_an_image_fails_and_charges_nothing()
    {
        using var host = new ReferenceServer("<html>not an image</html>"u8.ToArray(), "image/png");
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Security:AllowPrivateNetworks", "true"));
        var tenant = await server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: [host.Url]));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Contains("not a PNG, JPEG or WebP", done.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(100, (await server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    private static RgbaImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbaImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 4)
        {
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (r, g, b, 255);
        }
        return image;
    }
}
