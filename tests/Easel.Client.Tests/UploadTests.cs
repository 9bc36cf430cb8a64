using Easel.Client.Tests.Support;
using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Client.Tests;

/// <summary>Edits whose images travel with the submit (its multipart form), and the output settings of a submit.</summary>
public sealed class UploadTests(FastEasel fixture) : IClassFixture<FastEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_image_and_mask_are_edited_where_the_mask_is_clear()
    {
        var (easel, _) = await fixture.ClientAsync(credits: 10);
        var folder = Directory.CreateTempSubdirectory("easel-upload-");
        var mask = Path.Combine(folder.FullName, "mask.png");
        await File.WriteAllBytesAsync(mask, TestImages.LeftHalfMask(640, 480), Ct);

        var task = await easel.GenerateAsync(new ImageRequest("paint it over")
        {
            Images = [ImageUpload.FromBytes(TestImages.Png(640, 480), "photo.png")],
            Mask = ImageUpload.FromFile(mask),
            Size = "3:2",
            Quality = ImageQuality.Low,
        }, cancellationToken: Ct);
        using var output = new MemoryStream();
        await easel.DownloadAsync(task.Files[0], output, Ct);
        folder.Delete(recursive: true);

        Assert.Equal(("gpt-image-2-edit", 1, true), (task.Model, task.Request!.ReferenceImages, task.Request.HasMask));
        var png = PngCodec.Decode(output.ToArray());
        Assert.Equal((1248, 832), (png.Width, png.Height));
        var half = png.Width / 2;
        Assert.True(TestImages.Changed(png, 0, half, 30, 140, 200) > half * png.Height * 9 / 10, "the masked half was not edited");
        Assert.True(TestImages.Changed(png, half, png.Width, 30, 140, 200) < half * png.Height / 5, "the kept half was edited");
    }

    [Fact]
    public async Task Uploads_from_a_stream_are_sent_in_order_and_the_stream_is_left_open()
    {
        var (easel, _) = await fixture.ClientAsync(credits: 10);
        using var first = new MemoryStream(TestImages.Png(64, 64, 200, 10, 10));

        var task = await easel.GenerateAsync(new ImageRequest("two references")
        {
            Images = [ImageUpload.FromStream(first, "first.png"), ImageUpload.FromBytes(TestImages.Png(96, 64))],
            Quality = ImageQuality.Low,
        }, cancellationToken: Ct);

        Assert.Equal(2, task.Request!.ReferenceImages);
        Assert.True(first.CanRead, "the caller's stream was disposed");
    }

    [Fact]
    public async Task A_submit_asks_for_its_output_format_and_background()
    {
        var (easel, _) = await fixture.ClientAsync();

        var task = await easel.GenerateAsync(new ImageRequest("a sticker")
        {
            OutputFormat = ImageFormat.Png,
            Background = ImageBackground.Transparent,
            Quality = ImageQuality.Low,
        }, cancellationToken: Ct);

        Assert.Equal((ImageFormat.Png, ImageBackground.Transparent), (task.Request!.OutputFormat, task.Request.Background));
        Assert.EndsWith(".png", task.Files[0].FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transparent_jpeg_is_refused_naming_the_background()
    {
        var (easel, _) = await fixture.ClientAsync();

        var error = await Assert.ThrowsAsync<EaselInvalidRequestException>(() => easel.SubmitAsync(
            new ImageRequest("a sticker") { OutputFormat = ImageFormat.Jpeg, Background = ImageBackground.Transparent }, cancellationToken: Ct));

        Assert.Equal("input.background", error.Param);
    }
}
