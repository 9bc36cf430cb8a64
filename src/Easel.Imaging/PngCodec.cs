using Easel.Core;

namespace Easel.Imaging;

/// <summary>PNG helpers over libvips: encode, decode, and header questions answered without decoding pixels.</summary>
public static class PngCodec
{
    /// <summary>Encodes as 8-bit RGBA (<paramref name="withAlpha"/>) or RGB flattened onto white.</summary>
    public static byte[] Encode(RgbaImage img, bool withAlpha) => ImageEncoder.Encode(img, OutputFormat.Png, withAlpha);

    /// <summary>Decodes any PNG (gray, palette, 16-bit, interlaced, with or without alpha) to RGBA8.</summary>
    /// <exception cref="ImageDecodeException">Not a PNG, corrupt, truncated or too large.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> png) => ImageEncoder.Decode(RequirePng(png));

    /// <summary>True when the PNG carries transparency: an alpha channel or a tRNS chunk.</summary>
    public static bool HasAlphaChannel(ReadOnlySpan<byte> png)
    {
        using var image = VipsImages.Open(RequirePng(png), headerOnly: true);
        return image.HasAlpha();
    }

    /// <summary>Reads width and height from the header without decoding pixels.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> png) => ImageEncoder.ReadSize(RequirePng(png));

    internal static bool IsPng(ReadOnlySpan<byte> data) => OutputFormats.Sniff(data) == OutputFormat.Png;

    private static ReadOnlySpan<byte> RequirePng(ReadOnlySpan<byte> data) =>
        IsPng(data) ? data : throw new ImageDecodeException("Not a PNG file (bad signature).");
}
