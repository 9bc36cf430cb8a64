using System.Buffers.Binary;

namespace Easel.Core;

/// <summary>Reads an image's pixel size from the first bytes of a PNG, JPEG or WebP file, without decoding it.</summary>
public static class ImageHeader
{
    public static ImageSize? TryReadSize(ReadOnlySpan<byte> head) => OutputFormats.Sniff(head) switch
    {
        OutputFormat.Png when head.Length >= 24 => new ImageSize(BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..])),
        OutputFormat.Jpeg => JpegSize(head),
        OutputFormat.Webp => WebpSize(head),
        _ => null,
    };

    private static ImageSize? JpegSize(ReadOnlySpan<byte> head)
    {
        var at = 2;
        while (at + 9 < head.Length && head[at] == 0xFF)
        {
            var marker = head[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(head[(at + 2)..]);
            // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return new ImageSize(BinaryPrimitives.ReadUInt16BigEndian(head[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(head[(at + 5)..]));
            }
            at += 2 + length;
        }
        return null;
    }

    private static ImageSize? WebpSize(ReadOnlySpan<byte> head)
    {
        if (head.Length < 30)
        {
            return null;
        }
        var chunk = head.Slice(12, 4);
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return new ImageSize(BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(head[28..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(head[21..]);
            return new ImageSize((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return new ImageSize((head[24] | head[25] << 8 | head[26] << 16) + 1, (head[27] | head[28] << 8 | head[29] << 16) + 1);
        }
        return null;
    }
}
