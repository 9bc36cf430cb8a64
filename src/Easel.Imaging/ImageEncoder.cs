namespace Easel.Imaging;

/// <summary>Format-level entry point: PNG is always available, JPEG/WebP need libvips.</summary>
public static class ImageEncoder
{
    public static bool CanEncode(ImageFormat format) => format == ImageFormat.Png || Vips.IsAvailable;

    /// <summary>
    /// Encodes <paramref name="image"/>. With <paramref name="transparentBackground"/> PNG and WebP keep
    /// the alpha channel; otherwise (and always for JPEG) the image is flattened onto white.
    /// </summary>
    /// <exception cref="NotSupportedException">JPEG/WebP requested but libvips is not installed.</exception>
    public static byte[] Encode(RgbaImage image, ImageFormat format, bool transparentBackground)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (format == ImageFormat.Png)
        {
            return PngCodec.Encode(image, transparentBackground);
        }

        if (!Vips.IsAvailable)
        {
            throw new NotSupportedException($"encoding {MimeType(format)} needs libvips (apt install libvips42)");
        }

        return format switch
        {
            ImageFormat.Jpeg => Vips.WriteToBuffer(image, ".jpg[Q=90]", withAlpha: false),
            ImageFormat.Webp => Vips.WriteToBuffer(image, ".webp[Q=90]", transparentBackground),
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

        var format = Sniff(bytes);
        throw new ImageDecodeException(format is { } f
            ? $"decoding {MimeType(f)} needs libvips (apt install libvips42)"
            : "Unrecognised image format (expected PNG, JPEG or WebP).");
    }

    /// <summary>Guesses the format from magic bytes; null when unknown.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (PngCodec.IsPng(bytes))
        {
            return ImageFormat.Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }

        return null;
    }

    public static string MimeType(ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
    };

    public static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Png => "png",
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
    };
}
