using Easel.Core;
using NetVips;

namespace Easel.Imaging.Tests;

/// <summary>Small files that declare huge images are refused before any pixel buffer is allocated.</summary>
public class BombTests
{
    [Fact]
    public void A_png_declaring_60000_by_60000_is_refused_from_its_header()
    {
        var png = PngBuilder.Build(4, 2, 6, new byte[32], _ => 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60_000);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(png)); // loads libvips and the types the refusal uses
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(png));

        Assert.Contains("megapixel", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 1_000_000, "a pixel buffer was allocated");
        Assert.Throws<ImageDecodeException>(() => Thumbnails.Make(png));
        Assert.Throws<ImageDecodeException>(() => PartialPreview.Render(png, OutputFormat.Png, false, 0, 1));
    }

    [Fact]
    public void A_real_jpeg_over_the_pixel_cap_is_refused_before_decoding()
    {
        // 12000x9000 = 108 megapixels of one colour compresses to a small file; decoding it would need 432 MB.
        using var big = Image.Black(12_000, 9_000, bands: 3).Cast(Enums.BandFormat.Uchar);
        var jpeg = big.JpegsaveBuffer(q: 10);
        Assert.True(jpeg.Length < 4_000_000, $"{jpeg.Length} bytes");
        Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(jpeg));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        Assert.Contains("megapixel", Assert.Throws<ImageDecodeException>(() => ImageEncoder.Decode(jpeg)).Message, StringComparison.Ordinal);

        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 2L * jpeg.Length + 1_000_000, "more than the file was allocated");
        Assert.Equal((12_000, 9_000), ImageEncoder.ReadSize(jpeg));
    }
}
