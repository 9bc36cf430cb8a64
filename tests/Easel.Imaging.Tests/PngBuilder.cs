using System.Buffers.Binary;
using System.IO.Compression;

namespace Easel.Imaging.Tests;

/// <summary>Hand-builds PNGs with a chosen colour type and per-row filter, independent of PngWriter.</summary>
internal static class PngBuilder
{
    public static byte[] Build(int width, int height, byte colorType, byte[] samples, Func<int, byte> filterForRow,
        byte[]? palette = null, byte[]? transparency = null, byte bitDepth = 8)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        channels *= bitDepth / 8; // bytes per pixel from here on
        var stride = width * channels;
        var filtered = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var filter = filterForRow(y);
            filtered[y * (stride + 1)] = filter;
            for (var i = 0; i < stride; i++)
            {
                int cur = samples[y * stride + i];
                int a = i >= channels ? samples[y * stride + i - channels] : 0;
                int b = y > 0 ? samples[(y - 1) * stride + i] : 0;
                int c = i >= channels && y > 0 ? samples[(y - 1) * stride + i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Paeth(a, b, c),
                };
                filtered[y * (stride + 1) + 1 + i] = (byte)(cur - predictor);
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(filtered);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        if (palette is not null)
        {
            Chunk(png, "PLTE", palette);
        }

        if (transparency is not null)
        {
            Chunk(png, "tRNS", transparency);
        }

        // Split IDAT in two to exercise multi-chunk image data.
        var data = compressed.ToArray();
        Chunk(png, "IDAT", data[..(data.Length / 2)]);
        Chunk(png, "IDAT", data[(data.Length / 2)..]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[] RandomSamples(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        s.Write(header);
        s.Write(typeBytes);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(header, CrcOf(typeBytes, data));
        s.Write(header);
    }

    private static uint CrcOf(byte[] type, byte[] data)
    {
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(type);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }
}
