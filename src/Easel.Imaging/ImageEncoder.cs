using Easel.Core;
using NetVips;

namespace Easel.Imaging;

/// <summary>Format-level entry point: PNG, JPEG and WebP, read and written by libvips (bundled with NetVips, nothing to install).</summary>
public static class ImageEncoder
{
    /// <summary>The quality JPEG and WebP get when the request names none.</summary>
    public const int DefaultQuality = 90;

    /// <summary>
    /// Encodes <paramref name="image"/>. With <paramref name="transparentBackground"/> PNG and WebP keep
    /// the alpha channel; otherwise (and always for JPEG) the image is flattened onto white.
    /// <paramref name="quality"/> (0-100, an <c>output_compression</c>) applies to JPEG and WebP.
    /// </summary>
    public static byte[] Encode(RgbaImage image, OutputFormat format, bool transparentBackground, int? quality = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = VipsImages.FromRgba(image);
        return Encode(source, format, transparentBackground, quality);
    }

    /// <summary>Decodes PNG, JPEG or WebP (the first frame of an animated WebP) to sRGB RGBA8.</summary>
    /// <exception cref="ImageDecodeException">Corrupt, truncated, another format, or more pixels than allowed.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> bytes)
    {
        using var image = VipsImages.Open(bytes);
        return VipsImages.ToRgba(image);
    }

    /// <summary>Width and height from the header alone, without decoding pixels.</summary>
    /// <exception cref="ImageDecodeException">Not a PNG, JPEG or WebP libvips can read.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> bytes)
    {
        using var image = VipsImages.Open(bytes, headerOnly: true);
        return (image.Width, image.Height);
    }

    internal static byte[] Encode(Image image, OutputFormat format, bool transparentBackground, int? quality)
    {
        var keepAlpha = transparentBackground && format != OutputFormat.Jpeg && image.HasAlpha();
        using var pixels = keepAlpha || !image.HasAlpha() ? image.Copy() : Flatten(image);
        var q = Math.Clamp(quality ?? DefaultQuality, 1, 100);
        return format switch
        {
            // Fast deflate: the sandbox encodes a PNG per image, and outputs are stored once, not shipped as web assets.
            OutputFormat.Png => pixels.PngsaveBuffer(compression: 2),
            OutputFormat.Jpeg => pixels.JpegsaveBuffer(q: q),
            OutputFormat.Webp => pixels.WebpsaveBuffer(q: q),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
        };
    }

    private static Image Flatten(Image image)
    {
        using var flat = image.Flatten(background: [255, 255, 255]);
        return flat.Format == Enums.BandFormat.Uchar ? flat.Copy() : VipsImages.ToUchar(flat);
    }
}
