using System.Buffers.Binary;
using System.IO.Compression;

namespace Easel.Imaging;

/// <summary>Parses chunks (verifying CRCs), inflates IDAT, reverses the row filters and expands to RGBA.</summary>
internal static class PngReader
{
    /// <summary>Refuse absurd headers (decompression bombs) before allocating.</summary>
    public const long MaxPixels = 100_000_000;

    public static RgbaImage Read(ReadOnlySpan<byte> png)
    {
        var (width, height, bitDepth, colorType) = PngCodec.ReadHeader(png);
        if (png[26] != 0 || png[27] != 0)
        {
            throw new ImageDecodeException("PNG uses an unknown compression or filter method.");
        }

        if (png[28] != 0)
        {
            throw new ImageDecodeException("Interlaced (Adam7) PNGs are not supported.");
        }

        if (bitDepth != 8)
        {
            throw new ImageDecodeException($"PNG bit depth {bitDepth} is not supported (only 8).");
        }

        var channels = colorType switch
        {
            0 => 1,
            2 => 3,
            3 => 1,
            4 => 2,
            6 => 4,
            _ => throw new ImageDecodeException($"PNG colour type {colorType} is invalid."),
        };

        byte[]? palette = null;
        byte[]? transparency = null;
        using var idat = new MemoryStream();
        var sawEnd = false;
        var pos = PngCodec.Signature.Length;
        while (!sawEnd)
        {
            if (pos + 12 > png.Length)
            {
                throw new ImageDecodeException("PNG is truncated (missing IEND chunk).");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (length > (uint)(png.Length - pos - 12))
            {
                throw new ImageDecodeException("PNG chunk length runs past the end of the data.");
            }

            var type = png.Slice(pos + 4, 4);
            var data = png.Slice(pos + 8, (int)length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            if (Crc32.Compute(png.Slice(pos + 4, (int)length + 4)) != storedCrc)
            {
                throw new ImageDecodeException($"PNG chunk '{System.Text.Encoding.ASCII.GetString(type)}' has a bad CRC.");
            }

            if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(data);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                if (length % 3 != 0 || length > 768)
                {
                    throw new ImageDecodeException("PNG palette has an invalid length.");
                }

                palette = data.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                transparency = data.ToArray();
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
            }
            else if ((type[0] & 0x20) == 0 && !type.SequenceEqual("IHDR"u8))
            {
                throw new ImageDecodeException($"PNG has unsupported critical chunk '{System.Text.Encoding.ASCII.GetString(type)}'.");
            }

            pos += 12 + (int)length;
        }

        if (idat.Length == 0)
        {
            throw new ImageDecodeException("PNG has no image data (IDAT).");
        }

        if (colorType == 3 && palette is null)
        {
            throw new ImageDecodeException("Palette PNG has no PLTE chunk.");
        }

        var stride = (long)width * channels;
        var rawLength = (stride + 1) * height;
        if ((long)width * height > MaxPixels)
        {
            throw new ImageDecodeException($"PNG of {width}x{height} exceeds the {MaxPixels / 1_000_000} megapixel limit.");
        }

        var raw = Inflate(idat, (int)rawLength);
        Unfilter(raw, (int)stride, height, channels);
        var image = new RgbaImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var src = raw.AsSpan((int)(y * (stride + 1)) + 1, (int)stride);
            Expand(src, image.Row(y), colorType, palette, transparency);
        }

        return image;
    }

    private static byte[] Inflate(MemoryStream idat, int rawLength)
    {
        idat.Position = 0;
        var raw = new byte[rawLength];
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress, leaveOpen: true);
            zlib.ReadExactly(raw);
        }
        catch (EndOfStreamException ex)
        {
            throw new ImageDecodeException("PNG image data is shorter than its header promises.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ImageDecodeException("PNG image data is not a valid zlib stream.", ex);
        }

        return raw;
    }

    private static void Unfilter(byte[] raw, int stride, int height, int bpp)
    {
        for (var y = 0; y < height; y++)
        {
            var start = y * (stride + 1);
            var filter = raw[start];
            var cur = raw.AsSpan(start + 1, stride);
            var prev = y == 0 ? [] : raw.AsSpan(start - stride, stride);
            switch (filter)
            {
                case 0:
                    break;
                case 1:
                    for (var i = bpp; i < cur.Length; i++)
                    {
                        cur[i] += cur[i - bpp];
                    }

                    break;
                case 2:
                    for (var i = 0; i < prev.Length; i++)
                    {
                        cur[i] += prev[i];
                    }

                    break;
                case 3:
                    for (var i = 0; i < cur.Length; i++)
                    {
                        int left = i >= bpp ? cur[i - bpp] : 0;
                        int up = prev.IsEmpty ? 0 : prev[i];
                        cur[i] += (byte)((left + up) >> 1);
                    }

                    break;
                case 4:
                    for (var i = 0; i < cur.Length; i++)
                    {
                        int a = i >= bpp ? cur[i - bpp] : 0;
                        int b = prev.IsEmpty ? 0 : prev[i];
                        int c = i >= bpp && !prev.IsEmpty ? prev[i - bpp] : 0;
                        cur[i] += Paeth(a, b, c);
                    }

                    break;
                default:
                    throw new ImageDecodeException($"PNG row {y} has unknown filter type {filter}.");
            }
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private static void Expand(ReadOnlySpan<byte> src, Span<byte> dst, int colorType, byte[]? palette, byte[]? trns)
    {
        var width = dst.Length / 4;
        switch (colorType)
        {
            case 6:
                src.CopyTo(dst);
                break;
            case 4:
                for (var x = 0; x < width; x++)
                {
                    dst[x * 4] = dst[x * 4 + 1] = dst[x * 4 + 2] = src[x * 2];
                    dst[x * 4 + 3] = src[x * 2 + 1];
                }

                break;
            case 2:
                var hasKey = trns is { Length: >= 6 };
                for (var x = 0; x < width; x++)
                {
                    byte r = src[x * 3], g = src[x * 3 + 1], b = src[x * 3 + 2];
                    dst[x * 4] = r;
                    dst[x * 4 + 1] = g;
                    dst[x * 4 + 2] = b;
                    dst[x * 4 + 3] = hasKey && trns![1] == r && trns[3] == g && trns[5] == b && trns[0] == 0 && trns[2] == 0 && trns[4] == 0 ? (byte)0 : (byte)255;
                }

                break;
            case 0:
                var grayKey = trns is { Length: >= 2 } && trns[0] == 0 ? trns[1] : -1;
                for (var x = 0; x < width; x++)
                {
                    var v = src[x];
                    dst[x * 4] = dst[x * 4 + 1] = dst[x * 4 + 2] = v;
                    dst[x * 4 + 3] = v == grayKey ? (byte)0 : (byte)255;
                }

                break;
            default: // 3: palette
                var entries = palette!.Length / 3;
                for (var x = 0; x < width; x++)
                {
                    int index = src[x];
                    if (index >= entries)
                    {
                        throw new ImageDecodeException($"PNG palette index {index} is out of range ({entries} entries).");
                    }

                    dst[x * 4] = palette[index * 3];
                    dst[x * 4 + 1] = palette[index * 3 + 1];
                    dst[x * 4 + 2] = palette[index * 3 + 2];
                    dst[x * 4 + 3] = trns is not null && index < trns.Length ? trns[index] : (byte)255;
                }

                break;
        }
    }
}
