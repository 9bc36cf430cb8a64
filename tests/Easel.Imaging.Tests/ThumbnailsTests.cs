using Easel.Core;

namespace Easel.Imaging.Tests;

public class ThumbnailsTests
{
    [Theory]
    [InlineData(4096, 2304, 384, 216)]
    [InlineData(1024, 1536, 256, 384)]
    [InlineData(2048, 2048, 384, 384)]
    [InlineData(300, 200, 300, 200)]
    public void A_thumbnail_fits_the_long_side_and_keeps_the_aspect(int width, int height, int thumbWidth, int thumbHeight)
    {
        var source = PngCodec.Encode(SandboxRenderer.Render("a lighthouse", 7, width, height), withAlpha: false);

        var thumbnail = Thumbnails.Make(source);

        Assert.Equal(Thumbnails.Format, OutputFormats.Sniff(thumbnail));
        var decoded = ImageEncoder.Decode(thumbnail);
        Assert.Equal((thumbWidth, thumbHeight), (decoded.Width, decoded.Height));
        if (thumbWidth < width)
        {
            Assert.True(thumbnail.Length < source.Length / 4, $"thumbnail {thumbnail.Length} bytes, source {source.Length}");
        }
    }

    [Fact]
    public void Every_source_pixel_counts_so_a_fine_pattern_averages_to_grey_instead_of_aliasing()
    {
        // One-pixel black and white columns: sampling every 8th pixel would give pure black or white.
        var stripes = new RgbaImage(3072, 3072);
        for (var y = 0; y < stripes.Height; y++)
        {
            var row = stripes.Row(y);
            for (var x = 0; x < stripes.Width; x++)
            {
                var v = (byte)(x % 2 == 0 ? 0 : 255);
                row[x * 4] = row[x * 4 + 1] = row[x * 4 + 2] = v;
                row[x * 4 + 3] = 255;
            }
        }

        var thumbnail = ImageEncoder.Decode(Thumbnails.Make(PngCodec.Encode(stripes, withAlpha: false)));

        Assert.Equal((384, 384), (thumbnail.Width, thumbnail.Height));
        Assert.All(thumbnail.Pixels.Where((_, i) => i % 4 == 0), v => Assert.InRange(v, 120, 135));
    }

    [Fact]
    public void Transparency_survives()
    {
        var clear = new RgbaImage(800, 400);
        var thumbnail = ImageEncoder.Decode(Thumbnails.Make(PngCodec.Encode(clear, withAlpha: true)));

        Assert.All(thumbnail.Pixels.Where((_, i) => i % 4 == 3), a => Assert.Equal(0, a));
    }

    [Fact]
    public void Bytes_that_are_no_image_are_refused()
    {
        Assert.Throws<ImageDecodeException>(() => Thumbnails.Make("not an image"u8));
    }
}
