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
        Assert.True(ImageEncoder.CanEncode(OutputFormat.Png));
        var image = TestImages.Noise(10, 10, 1, opaque: false);
        var png = ImageEncoder.Encode(image, OutputFormat.Png, transparentBackground: true);
        Assert.Equal(OutputFormat.Png, OutputFormats.Sniff(png));
        Assert.True(PngCodec.HasAlphaChannel(png));
        Assert.Equal(image.Pixels, ImageEncoder.Decode(png).Pixels);
    }

    [Fact]
    public void Lossy_formats_follow_libvips_availability()
    {
        Assert.Equal(Vips.IsAvailable, ImageEncoder.CanEncode(OutputFormat.Jpeg));
        Assert.Equal(Vips.IsAvailable, ImageEncoder.CanEncode(OutputFormat.Webp));
        if (!Vips.IsAvailable)
        {
            var ex = Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]));
            Assert.Contains("needs libvips", ex.Message, StringComparison.Ordinal);
            Assert.Throws<NotSupportedException>(() => ImageEncoder.Encode(new RgbaImage(2, 2), OutputFormat.Jpeg, false));
        }
    }
}
