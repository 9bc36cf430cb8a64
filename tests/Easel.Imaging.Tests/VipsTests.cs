using Easel.Core;
namespace Easel.Imaging.Tests;

/// <summary>Interoperability with libvips; skipped where libvips42 is not installed.</summary>
public class VipsTests
{
    private static void RequireVips() =>
        Assert.SkipUnless(Vips.IsAvailable, "libvips (libvips.so.42) is not installed");

    [Fact]
    public void Libvips_decodes_our_png_exactly()
    {
        RequireVips();
        var image = TestImages.Noise(61, 33, seed: 11, opaque: false);
        var decoded = Vips.Decode(PngCodec.Encode(image, withAlpha: true));
        Assert.Equal((61, 33), (decoded.Width, decoded.Height));
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Libvips_decodes_our_rgb_png_and_adds_opaque_alpha()
    {
        RequireVips();
        var image = TestImages.Noise(20, 10, seed: 12, opaque: true);
        Assert.Equal(image.Pixels, Vips.Decode(PngCodec.Encode(image, withAlpha: false)).Pixels);
    }

    [Theory]
    [InlineData(".png", true)]
    [InlineData(".png[filter=248]", true)]
    [InlineData(".png[filter=248,compression=9]", false)]
    public void We_decode_pngs_written_by_libvips(string suffix, bool withAlpha)
    {
        RequireVips();
        var image = SandboxRenderer.Render("libvips png", 3, 97, 45);
        var png = Vips.WriteToBuffer(image, suffix, withAlpha);
        Assert.Equal(image.Pixels, PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void We_decode_palette_pngs_written_by_libvips()
    {
        RequireVips();
        var image = TestImages.Solid(30, 20, 200, 30, 40, 255);
        for (var i = 0; i < image.Pixels.Length / 2; i += 4)
        {
            image.Pixels[i + 3] = 0; // top half transparent
        }

        byte[] png;
        try
        {
            png = Vips.WriteToBuffer(image, ".png[palette]", withAlpha: true);
        }
        catch (InvalidOperationException ex)
        {
            Assert.Skip("this libvips cannot write palette PNGs: " + ex.Message);
            return;
        }

        Assert.SkipUnless(png[25] == 3, "libvips wrote a non-palette PNG");
        Assert.True(PngCodec.HasAlphaChannel(png));
        var decoded = PngCodec.Decode(png);
        Assert.Equal(0, decoded.Pixels[3]);
        Assert.Equal(255, decoded.Pixels[^1]);
        Assert.Equal(Vips.Decode(png).Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(OutputFormat.Jpeg, 1360, 768)]
    [InlineData(OutputFormat.Webp, 1360, 768)]
    [InlineData(OutputFormat.Jpeg, 16, 16)]
    [InlineData(OutputFormat.Webp, 17, 9)]
    public void Jpeg_and_webp_have_magic_bytes_and_round_trip_size(OutputFormat format, int width, int height)
    {
        RequireVips();
        Assert.True(ImageEncoder.CanEncode(format));
        var bytes = ImageEncoder.Encode(SandboxRenderer.Render("lossy", 1, width, height), format, transparentBackground: false);
        if (format == OutputFormat.Jpeg)
        {
            Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
        }
        else
        {
            Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
            Assert.Equal("WEBP"u8.ToArray(), bytes[8..12]);
        }

        Assert.Equal(format, OutputFormats.Sniff(bytes));
        var decoded = ImageEncoder.Decode(bytes);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Jpeg_flattens_transparency_onto_white()
    {
        RequireVips();
        var jpeg = ImageEncoder.Encode(TestImages.Solid(32, 32, 0, 0, 0, 0), OutputFormat.Jpeg, transparentBackground: true);
        var decoded = ImageEncoder.Decode(jpeg);
        Assert.All(decoded.Pixels, b => Assert.InRange(b, (byte)245, (byte)255));
    }

    [Fact]
    public void Webp_keeps_alpha_when_asked()
    {
        RequireVips();
        var image = TestImages.Solid(16, 16, 10, 20, 30, 0);
        var decoded = ImageEncoder.Decode(ImageEncoder.Encode(image, OutputFormat.Webp, transparentBackground: true));
        Assert.Equal(0, decoded.Pixels[3]);
    }

    [Fact]
    public void ImageEncoder_falls_back_to_libvips_for_16_bit_png()
    {
        RequireVips();
        var image = TestImages.Noise(24, 12, seed: 4, opaque: false);
        var samples16 = image.Pixels.SelectMany(v => new[] { v, v }).ToArray(); // v * 257, big-endian
        var png16 = PngBuilder.Build(24, 12, 6, samples16, y => (byte)(y % 5), bitDepth: 16);
        Assert.Throws<ImageDecodeException>(() => PngCodec.Decode(png16));
        Assert.Equal(image.Pixels, ImageEncoder.Decode(png16).Pixels);
    }

    [Fact]
    public void Libvips_rejects_garbage_with_decode_exception()
    {
        RequireVips();
        Assert.Throws<ImageDecodeException>(() => Vips.Decode([0xFF, 0xD8, 0xFF, 0, 1, 2, 3]));
    }
}
