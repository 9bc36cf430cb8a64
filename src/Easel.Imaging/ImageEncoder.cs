using Easel.Core;

namespace Easel.Imaging;

/// <summary>Format-level entry point: PNG is always available, JPEG/WebP need libvips.</summary>
public static class ImageEncoder
{
    public static bool CanEncode(OutputFormat format) => format == OutputFormat.Png || Vips.IsAvailable;

    /// <summary>
    /// Encodes <paramref name="image"/>. With <paramref name="transparentBackground"/> PNG and WebP keep
    /// the alpha channel; otherwise (and always for JPEG) the image is flattened onto white.
    /// </summary>
    /// <exception cref="NotSupportedException">JPEG/WebP requested but libvips is not installed.</exception>
    public static byte[] Encode(RgbaImage image, OutputFormat format, bool transparentBackground)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (format == OutputFormat.Png)
        {
            return PngCodec.Encode(image, transparentBackground);
        }

        if (!Vips.IsAvailable)
        {
            throw new NotSupportedException($"encoding {format.ContentType()} needs libvips (apt install libvips42)");
        }

        return format switch
        {
            OutputFormat.Jpeg => Vips.WriteToBuffer(image, ".jpg[Q=90]", withAlpha: false),
            OutputFormat.Webp => Vips.WriteToBuffer(image, ".webp[Q=90]", transparentBackground),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
        };
    }

    /// <summary>Decodes PNG (managed) or, with libvips, JPEG/WebP and other formats.</summary>
    /// <exception cref="ImageDecodeException">Corrupt, unsupported, or needs libvips which is missing.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> bytes)
    {
        if (PngCodec.IsPng(bytes))
        {
            try
            {
                return PngCodec.Decode(bytes);
            }
            catch (ImageDecodeException) when (Vips.IsAvailable)
            {
                // 16-bit or interlaced PNGs: libvips reads those; real corruption fails there too.
                return Vips.Decode(bytes);
            }
        }

        if (Vips.IsAvailable)
        {
            return Vips.Decode(bytes);
        }

        var format = OutputFormats.Sniff(bytes);
        throw new ImageDecodeException(format is { } f
            ? $"decoding {f.ContentType()} needs libvips (apt install libvips42)"
            : "Unrecognised image format (expected PNG, JPEG or WebP).");
    }
}
