using System.Net;
using Easel.Engine.Outbound;
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

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:0a00:0001::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    public void Non_public_addresses_are_refused(string address) => Assert.True(AddressPolicy.IsNonPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => Assert.False(AddressPolicy.IsNonPublic(IPAddress.Parse(address)));

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
