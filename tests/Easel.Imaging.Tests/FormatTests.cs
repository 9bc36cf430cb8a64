using Easel.Core;
using NetVips;

namespace Easel.Imaging.Tests;

/// <summary>PNG, JPEG and WebP as other encoders write them, read through libvips (bundled: these never skip).</summary>
public class FormatTests
{
    [Theory]
    [InlineData(OutputFormat.Png, 1360, 768)]
    [InlineData(OutputFormat.Jpeg, 1360, 768)]
    [InlineData(OutputFormat.Webp, 1360, 768)]
    [InlineData(OutputFormat.Jpeg, 16, 16)]
    [InlineData(OutputFormat.Webp, 17, 9)]
    [InlineData(OutputFormat.Png, 1, 1)]
    [InlineData(OutputFormat.Webp, 1024, 1536)]
    public void Every_format_has_its_magic_bytes_and_round_trips_size(OutputFormat format, int width, int height)
    {
        var bytes = ImageEncoder.Encode(SandboxRenderer.Render("lossy", 1, width, height), format, transparentBackground: false);

        Assert.Equal(format, OutputFormats.Sniff(bytes));
        Assert.Equal((width, height), ImageEncoder.ReadSize(bytes));
        var decoded = ImageEncoder.Decode(bytes);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Jpeg_flattens_transparency_onto_white()
    {
        var jpeg = ImageEncoder.Encode(TestImages.Solid(32, 32, 0, 0, 0, 0), OutputFormat.Jpeg, transparentBackground: true);
        Assert.All(ImageEncoder.Decode(jpeg).Pixels, b => Assert.InRange(b, (byte)245, (byte)255));
    }

    [Fact]
    public void Webp_keeps_alpha_when_asked_and_is_opaque_otherwise()
    {
        var image = TestImages.Solid(16, 16, 10, 20, 30, 0);
        Assert.Equal(0, ImageEncoder.Decode(ImageEncoder.Encode(image, OutputFormat.Webp, transparentBackground: true)).Pixels[3]);
        var opaque = ImageEncoder.Decode(ImageEncoder.Encode(image, OutputFormat.Webp, transparentBackground: false));
        Assert.Equal(255, opaque.Pixels[3]);
        Assert.InRange(opaque.Pixels[0], (byte)245, (byte)255);
    }

    [Fact]
    public void Png_with_alpha_round_trips_exactly_and_without_alpha_is_rgb()
    {
        var image = TestImages.Noise(61, 33, seed: 11, opaque: false);
        Assert.Equal(image.Pixels, ImageEncoder.Decode(ImageEncoder.Encode(image, OutputFormat.Png, transparentBackground: true)).Pixels);
        var rgb = ImageEncoder.Encode(image, OutputFormat.Png, transparentBackground: false);
        Assert.False(PngCodec.HasAlphaChannel(rgb));
    }

    [Fact]
    public void Sixteen_bit_png_decodes_to_its_high_bytes()
    {
        var image = TestImages.Noise(24, 12, seed: 4, opaque: false);
        var samples16 = image.Pixels.SelectMany(v => new[] { v, v }).ToArray(); // v * 257, big-endian
        var png16 = PngBuilder.Build(24, 12, 6, samples16, y => (byte)(y % 5), bitDepth: 16);
        Assert.Equal(image.Pixels, ImageEncoder.Decode(png16).Pixels);
    }

    [Fact]
    public void Palette_png_written_by_libvips_keeps_its_transparency()
    {
        var image = TestImages.Solid(30, 20, 200, 30, 40, 255);
        for (var i = 0; i < image.Pixels.Length / 2; i += 4)
        {
            image.Pixels[i + 3] = 0; // top half transparent
        }
        using var vips = VipsImages.FromRgba(image);
        var png = vips.PngsaveBuffer(palette: true);

        Assert.Equal(3, png[25]); // colour type: palette
        Assert.True(PngCodec.HasAlphaChannel(png));
        var decoded = PngCodec.Decode(png);
        Assert.Equal(0, decoded.Pixels[3]);
        Assert.Equal(255, decoded.Pixels[^1]);
        Assert.InRange(decoded.Pixels[^4], (byte)190, (byte)210);
    }

    [Fact]
    public void Cmyk_jpeg_is_converted_to_srgb()
    {
        // Pure cyan in CMYK (100 % C, nothing else) comes back as a blue-green: little red, much green and blue.
        using var cmyk = (Image.Black(40, 30, bands: 4) + new[] { 255.0, 0, 0, 0 }).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Cmyk);
        var jpeg = cmyk.JpegsaveBuffer();
        using (var header = Image.NewFromBuffer(jpeg))
        {
            Assert.Equal(4, header.Bands);
        }

        var decoded = ImageEncoder.Decode(jpeg);

        Assert.Equal((40, 30), (decoded.Width, decoded.Height));
        var (r, g, b) = (decoded.Pixels[0], decoded.Pixels[1], decoded.Pixels[2]);
        Assert.True(r < 100 && g > 120 && b > 160, $"CMYK cyan decoded as ({r},{g},{b})");
    }

    [Fact]
    public void Animated_webp_decodes_its_first_frame()
    {
        // Three 20x10 frames stacked as libvips writes animations: red, green, blue.
        using var frames = Image.Black(20, 10, bands: 3).Linear([1, 1, 1], [255, 0, 0])
            .Join(Image.Black(20, 10, bands: 3).Linear([1, 1, 1], [0, 255, 0]), Enums.Direction.Vertical)
            .Join(Image.Black(20, 10, bands: 3).Linear([1, 1, 1], [0, 0, 255]), Enums.Direction.Vertical)
            .Cast(Enums.BandFormat.Uchar);
        using var animation = frames.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", 10);
            m.Set(GValue.ArrayIntType, "delay", new[] { 100, 100, 100 });
        });
        var webp = animation.WebpsaveBuffer(lossless: true);
        using (var all = Image.NewFromBuffer(webp, "n=-1"))
        {
            Assert.Equal(30, all.Height); // really three frames
        }

        var decoded = ImageEncoder.Decode(webp);

        Assert.Equal((20, 10), (decoded.Width, decoded.Height));
        Assert.Equal([255, 0, 0, 255], decoded.Pixels[..4]);
        Assert.Equal((20, 10), ImageEncoder.ReadSize(webp));
    }

    [Theory]
    [InlineData(OutputFormat.Png)]
    [InlineData(OutputFormat.Jpeg)]
    [InlineData(OutputFormat.Webp)]
    public void Truncated_and_corrupt_files_throw_decode_exceptions(OutputFormat format)
    {
        var bytes = ImageEncoder.Encode(TestImages.Noise(64, 48, 5, opaque: true), format, transparentBackground: false);

        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(bytes.AsSpan(0, 12)));
        var corrupt = (byte[])bytes.Clone();
        for (var i = 40; i < corrupt.Length - 40; i += 7)
        {
            corrupt[i] ^= 0x5A;
        }
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(corrupt));
    }

    [Fact]
    public void Garbage_behind_a_magic_number_is_refused()
    {
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode([0xFF, 0xD8, 0xFF, 0, 1, 2, 3]));
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.ReadSize([0xFF, 0xD8, 0xFF, 0, 1, 2, 3]));
    }
}
