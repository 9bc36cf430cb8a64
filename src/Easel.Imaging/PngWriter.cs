using System.Buffers.Binary;
using System.IO.Compression;

namespace Easel.Imaging;

/// <summary>Writes IHDR + one IDAT (Sub filter on every row, fastest deflate) + IEND.</summary>
internal static class PngWriter
{
    public static byte[] Write(RgbaImage img, bool withAlpha)
    {
        ArgumentNullException.ThrowIfNull(img);
        var channels = withAlpha ? 4 : 3;
        var stride = img.Width * channels;
        using var output = new MemoryStream(capacity: 1024 + (stride + 1) * img.Height / 4);
        output.Write(PngCodec.Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, img.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], img.Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)(withAlpha ? 6 : 2); // colour type RGBA / RGB
        // compression, filter method and interlace stay 0
        WriteChunk(output, "IHDR"u8, ihdr);

        var lengthPos = output.Position;
        output.Write([0, 0, 0, 0]);
        output.Write("IDAT"u8);
        var dataStart = output.Position;
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[stride + 1];
            var raw = withAlpha ? null : new byte[stride];
            for (var y = 0; y < img.Height; y++)
            {
                ReadOnlySpan<byte> src = img.Row(y);
                if (raw is not null)
                {
                    FlattenOnWhite(src, raw);
                    src = raw;
                }

                row[0] = 1; // Sub filter
                SubFilter(src, row.AsSpan(1), channels);
                zlib.Write(row);
            }
        }

        var dataLength = output.Position - dataStart;
        if (dataLength > int.MaxValue)
        {
            throw new NotSupportedException("Compressed image data exceeds the PNG chunk limit.");
        }

        var buffer = output.GetBuffer();
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan((int)lengthPos), (int)dataLength);
        var crc = Crc32.Compute(buffer.AsSpan((int)lengthPos + 4, (int)dataLength + 4));
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Composites RGBA onto an opaque white background, producing RGB.</summary>
    internal static void FlattenOnWhite(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        for (int s = 0, d = 0; s < rgba.Length; s += 4, d += 3)
        {
            int a = rgba[s + 3];
            if (a == 255)
            {
                rgb[d] = rgba[s];
                rgb[d + 1] = rgba[s + 1];
                rgb[d + 2] = rgba[s + 2];
            }
            else
            {
                var inv = 255 - a;
                rgb[d] = (byte)((rgba[s] * a + 255 * inv + 127) / 255);
                rgb[d + 1] = (byte)((rgba[s + 1] * a + 255 * inv + 127) / 255);
                rgb[d + 2] = (byte)((rgba[s + 2] * a + 255 * inv + 127) / 255);
            }
        }
    }

    private static void SubFilter(ReadOnlySpan<byte> src, Span<byte> dst, int bpp)
    {
        src[..bpp].CopyTo(dst);
        for (var i = bpp; i < src.Length; i++)
        {
            dst[i] = (byte)(src[i] - src[i - bpp]);
        }
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        type.CopyTo(header[4..]);
        output.Write(header);
        output.Write(data);
        var crc = Crc32.Append(Crc32.Compute(type), data);
        BinaryPrimitives.WriteUInt32BigEndian(header, crc);
        output.Write(header[..4]);
    }
}
