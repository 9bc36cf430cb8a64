using Easel.Core;
namespace Easel.Imaging.Tests;

public class ImageEncoderTests
{
    [Theory]
    [InlineData(OutputFormat.Png, "image/png", "png")]
    [InlineData(OutputFormat.Jpeg, "image/jpeg", "jpg")]
    [InlineData(OutputFormat.Webp, "image/webp", "webp")]
    public void Mime_types_and_extensions(OutputFormat format, string mime, string extension)
    {
        Assert.Equal(mime, format.ContentType());
        Assert.Equal(extension, format.Extension());
    }

    [Fact]
    public void Png_is_always_available_and_round_trips()
    {
        var image = TestImages.Noise(10, 10, 1, opaque: false);
        var png = ImageEncoder.Encode(image, OutputFormat.Png, transparentBackground: true);
        Assert.Equal(OutputFormat.Png, OutputFormats.Sniff(png));
        Assert.True(PngCodec.HasAlphaChannel(png));
        Assert.Equal(image.Pixels, ImageEncoder.Decode(png).Pixels);
    }

    [Theory]
    [InlineData(OutputFormat.Jpeg)]
    [InlineData(OutputFormat.Webp)]
    public void Lossy_formats_work_on_a_machine_with_nothing_installed(OutputFormat format)
    {
        var bytes = ImageEncoder.Encode(TestImages.Noise(8, 8, 2, opaque: true), format, transparentBackground: false);
        Assert.Equal(format, OutputFormats.Sniff(bytes));
    }

    [Fact]
    public void Output_compression_sets_the_quality_of_lossy_formats()
    {
        var image = SandboxRenderer.Render("compression", 3, 256, 256);
        var low = ImageEncoder.Encode(image, OutputFormat.Jpeg, transparentBackground: false, quality: 10);
        var high = ImageEncoder.Encode(image, OutputFormat.Jpeg, transparentBackground: false, quality: 95);
        Assert.True(low.Length < high.Length / 2, $"q10 {low.Length} bytes, q95 {high.Length}");
    }
}
