using System.Buffers.Binary;

namespace Easel.Imaging;

/// <summary>Managed PNG encoder/decoder (8-bit, non-interlaced) with header helpers.</summary>
public static class PngCodec
{
    internal static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes as 8-bit RGBA (<paramref name="withAlpha"/>) or RGB flattened onto white.</summary>
    public static byte[] Encode(RgbaImage img, bool withAlpha) => PngWriter.Write(img, withAlpha);

    /// <summary>Decodes a non-interlaced 8-bit gray, gray+alpha, RGB, RGBA or palette PNG.</summary>
    /// <exception cref="ImageDecodeException">The data is corrupt or uses an unsupported feature.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> png) => PngReader.Read(png);

    /// <summary>True when the PNG carries transparency: an alpha channel or a tRNS chunk.</summary>
    public static bool HasAlphaChannel(ReadOnlySpan<byte> png)
    {
        var colorType = ReadHeader(png).ColorType;
        if (colorType is 4 or 6)
        {
            return true;
        }

        var pos = Signature.Length;
        while (pos + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            var type = png.Slice(pos + 4, 4);
            if (type.SequenceEqual("tRNS"u8))
            {
                return true;
            }

            if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8) || length > int.MaxValue - 12)
            {
                return false;
            }

            pos += 12 + (int)length;
        }

        return false;
    }

    /// <summary>Reads width and height from the IHDR chunk without decoding pixels.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> png)
    {
        var header = ReadHeader(png);
        return (header.Width, header.Height);
    }

    internal static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    internal static (int Width, int Height, byte BitDepth, byte ColorType) ReadHeader(ReadOnlySpan<byte> png)
    {
        if (!IsPng(png))
        {
            throw new ImageDecodeException("Not a PNG file (bad signature).");
        }

        if (png.Length < 33 || BinaryPrimitives.ReadUInt32BigEndian(png[8..]) != 13 || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new ImageDecodeException("PNG is truncated or does not start with an IHDR chunk.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw new ImageDecodeException($"PNG has invalid dimensions {width}x{height}.");
        }

        return ((int)width, (int)height, png[24], png[25]);
    }
}
