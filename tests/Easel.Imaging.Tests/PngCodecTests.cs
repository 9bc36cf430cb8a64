namespace Easel.Imaging.Tests;

public class PngCodecTests
{
    [Fact]
    public void Rgba_round_trip_preserves_every_byte()
    {
        var image = TestImages.Noise(37, 23, seed: 1, opaque: false);
        var decoded = PngCodec.Decode(PngCodec.Encode(image, withAlpha: true));
        Assert.Equal(image.Width, decoded.Width);
        Assert.Equal(image.Height, decoded.Height);
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Rgb_round_trip_preserves_colours_and_sets_opaque_alpha()
    {
        var image = TestImages.Noise(41, 19, seed: 2, opaque: true);
        var png = PngCodec.Encode(image, withAlpha: false);
        Assert.Equal(2, png[25]); // colour type RGB
        Assert.False(PngCodec.HasAlphaChannel(png));
        Assert.Equal(image.Pixels, PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void Encoding_without_alpha_flattens_onto_white()
    {
        var image = TestImages.Solid(4, 4, 0, 0, 0, 0);
        var decoded = PngCodec.Decode(PngCodec.Encode(image, withAlpha: false));
        Assert.All(decoded.Pixels, b => Assert.Equal(255, b));
    }

    [Theory]
    [InlineData(1360, 768)]
    [InlineData(16, 16)]
    [InlineData(1, 1)]
    [InlineData(3, 1001)]
    public void Encoded_size_is_exactly_as_requested(int width, int height)
    {
        var png = PngCodec.Encode(TestImages.Noise(width, height, 3, opaque: true), withAlpha: false);
        Assert.Equal((width, height), PngCodec.ReadSize(png));
        var decoded = PngCodec.Decode(png);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decodes_every_filter_type_for_rgba(byte filter)
    {
        var samples = PngBuilder.RandomSamples(13 * 7 * 4, seed: filter);
        var png = PngBuilder.Build(13, 7, 6, samples, _ => filter);
        Assert.Equal(samples, PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void Decodes_mixed_filters_for_rgb()
    {
        var samples = PngBuilder.RandomSamples(17 * 10 * 3, seed: 9);
        var png = PngBuilder.Build(17, 10, 2, samples, y => (byte)(y % 5));
        var decoded = PngCodec.Decode(png);
        for (var i = 0; i < 17 * 10; i++)
        {
            Assert.Equal(samples.AsSpan(i * 3, 3).ToArray(), decoded.Pixels.AsSpan(i * 4, 3).ToArray());
            Assert.Equal(255, decoded.Pixels[i * 4 + 3]);
        }
    }

    [Fact]
    public void Decodes_gray_and_gray_alpha()
    {
        var gray = PngBuilder.RandomSamples(9 * 5, seed: 4);
        var decodedGray = PngCodec.Decode(PngBuilder.Build(9, 5, 0, gray, y => (byte)(4 - y % 5)));
        var grayAlpha = PngBuilder.RandomSamples(9 * 5 * 2, seed: 5);
        var grayAlphaPng = PngBuilder.Build(9, 5, 4, grayAlpha, y => (byte)(y % 5));
        var decodedGrayAlpha = PngCodec.Decode(grayAlphaPng);
        for (var i = 0; i < 45; i++)
        {
            Assert.Equal([gray[i], gray[i], gray[i], 255], decodedGray.Pixels.AsSpan(i * 4, 4).ToArray());
            var v = grayAlpha[i * 2];
            Assert.Equal([v, v, v, grayAlpha[i * 2 + 1]], decodedGrayAlpha.Pixels.AsSpan(i * 4, 4).ToArray());
        }

        Assert.True(PngCodec.HasAlphaChannel(grayAlphaPng));
    }

    [Fact]
    public void Decodes_palette_with_transparency()
    {
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 255];
        byte[] trns = [255, 128]; // third entry has no tRNS value: opaque
        byte[] indices = [0, 1, 2, 2, 1, 0];
        var png = PngBuilder.Build(3, 2, 3, indices, y => (byte)(y == 0 ? 0 : 4), palette, trns);
        Assert.True(PngCodec.HasAlphaChannel(png));
        byte[] expected =
        [
            255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255,
            0, 0, 255, 255, 0, 255, 0, 128, 255, 0, 0, 255,
        ];
        Assert.Equal(expected, PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void Palette_without_trns_has_no_alpha()
    {
        var png = PngBuilder.Build(2, 1, 3, [0, 0], _ => 0, [1, 2, 3]);
        Assert.False(PngCodec.HasAlphaChannel(png));
        Assert.Equal([1, 2, 3, 255, 1, 2, 3, 255], PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void Palette_index_out_of_range_reads_as_black_like_libpng()
    {
        var png = PngBuilder.Build(2, 1, 3, [0, 5], _ => 0, [1, 2, 3]);
        Assert.Equal([1, 2, 3, 255, 0, 0, 0, 255], PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void Corrupted_byte_is_caught_by_crc()
    {
        var png = PngCodec.Encode(TestImages.Noise(20, 20, 6, opaque: true), withAlpha: true);
        png[png.Length / 2] ^= 0x55;
        Assert.Throws<ImageDecodeException>(() => PngCodec.Decode(png));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(60)]
    public void Truncated_png_throws(int keep)
    {
        var png = PngCodec.Encode(TestImages.Noise(20, 20, 7, opaque: true), withAlpha: true);
        Assert.Throws<ImageDecodeException>(() => PngCodec.Decode(png.AsSpan(0, keep)));
    }

    [Fact]
    public void Missing_iend_is_tolerated_when_the_pixels_are_complete()
    {
        var image = TestImages.Noise(8, 8, 8, opaque: false);
        var png = PngCodec.Encode(image, withAlpha: true);
        Assert.Equal(image.Pixels, PngCodec.Decode(png.AsSpan(0, png.Length - 12)).Pixels);
    }

    [Fact]
    public void Garbage_is_rejected()
    {
        Assert.Throws<ImageDecodeException>(() => PngCodec.Decode("definitely not a png"u8));
        Assert.Throws<ImageDecodeException>(() => PngCodec.ReadSize([1, 2, 3]));
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode("definitely not an image at all"u8));
    }

    [Fact]
    public void Unknown_filter_byte_throws()
    {
        var png = PngBuilder.Build(4, 2, 6, new byte[32], y => (byte)(y == 1 ? 9 : 0));
        Assert.Throws<ImageDecodeException>(() => PngCodec.Decode(png));
    }

    [Fact]
    public void A_header_promising_more_data_than_there_is_throws()
    {
        // 16 bits a sample doubles what the rows must hold: the 8-bit data is then too short.
        var png = PngBuilder.Build(4, 2, 6, new byte[32], _ => 0);
        png[24] = 16;
        FixIhdrCrc(png);
        Assert.Throws<ImageDecodeException>(() => PngCodec.Decode(png));
    }

    [Fact]
    public void Absurd_dimensions_are_rejected_before_allocating()
    {
        var png = PngBuilder.Build(4, 2, 6, new byte[32], _ => 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60_000);
        FixIhdrCrc(png);
        Assert.Equal((60_000, 60_000), PngCodec.ReadSize(png));
        Assert.Contains("megapixel", Assert.Throws<ImageDecodeException>(() => PngCodec.Decode(png)).Message, StringComparison.Ordinal);
    }

    private static void FixIhdrCrc(byte[] png)
    {
        var crc = System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
    }
}
