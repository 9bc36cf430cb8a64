using System.Runtime.InteropServices;
using NetVips;

namespace Easel.Imaging;

/// <summary>
/// The one place Easel meets libvips (NetVips with its bundled native build): process-wide limits set once, uploads
/// opened lazily with their size checked before any pixel is decoded, and conversions to and from <see cref="RgbaImage"/>.
/// </summary>
internal static class VipsImages
{
    /// <summary>Refuse absurd headers (decompression bombs) before any pixel buffer exists: 100 megapixels is 400 MB of RGBA.</summary>
    public const long MaxPixels = 100_000_000;

    static VipsImages()
    {
        // No operation cache: every image is made and dropped per request, and a cache would keep pixels alive.
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        // Loaders outside PNG/JPEG/WebP never run: uploads are sniffed first, and untrusted loaders are blocked anyway.
        NetVips.NetVips.BlockUntrusted = true;
    }

    /// <summary>Opens PNG, JPEG or WebP bytes (the first frame of an animation) reading only the header; pixels decode on first use.</summary>
    /// <param name="headerOnly">True when no pixel will be read (a size or alpha question), so the pixel cap does not apply.</param>
    /// <exception cref="ImageDecodeException">Not one of the three formats, a header libvips refuses, or too many pixels.</exception>
    public static Image Open(ReadOnlySpan<byte> bytes, bool headerOnly = false)
    {
        if (Easel.Core.OutputFormats.Sniff(bytes) is null)
        {
            throw new ImageDecodeException("Unrecognised image format (expected PNG, JPEG or WebP).");
        }
        Image image;
        try
        {
            image = Image.NewFromBuffer(bytes.ToArray(), access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        }
        catch (VipsException e)
        {
            throw new ImageDecodeException("The image could not be read: " + FirstLine(e.Message), e);
        }
        if (!headerOnly && (long)image.Width * image.Height > MaxPixels)
        {
            var (width, height) = (image.Width, image.Height);
            image.Dispose();
            throw new ImageDecodeException($"An image of {width}x{height} exceeds the {MaxPixels / 1_000_000} megapixel limit.");
        }
        return image;
    }

    /// <summary>Decodes every pixel of <paramref name="image"/> as 8-bit sRGB with alpha (CMYK, grey, palette and 16-bit included).</summary>
    /// <exception cref="ImageDecodeException">The data is corrupt or truncated.</exception>
    public static RgbaImage ToRgba(Image image)
    {
        try
        {
            using var srgb = image.Interpretation == Enums.Interpretation.Srgb && image.Format == Enums.BandFormat.Uchar
                ? image.Copy()
                : image.Colourspace(Enums.Interpretation.Srgb);
            using var rgba = srgb.Bands == 3 ? srgb.Bandjoin(255) : srgb.Copy();
            if (rgba.Bands != 4)
            {
                throw new ImageDecodeException($"The image has {rgba.Bands} bands after conversion to sRGB; expected RGB or RGBA.");
            }
            using var bytes = rgba.Cast(Enums.BandFormat.Uchar);
            return new RgbaImage(bytes.Width, bytes.Height, bytes.WriteToMemory<byte>());
        }
        catch (VipsException e)
        {
            throw new ImageDecodeException("The image could not be decoded: " + FirstLine(e.Message), e);
        }
    }

    /// <summary>A libvips copy of <paramref name="image"/>'s pixels: the managed array is never shared with native code past this call.</summary>
    public static Image FromRgba(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pinned = GCHandle.Alloc(image.Pixels, GCHandleType.Pinned);
        try
        {
            using var copy = Image.NewFromMemoryCopy(pinned.AddrOfPinnedObject(), (ulong)image.Pixels.Length, image.Width, image.Height, 4, Enums.BandFormat.Uchar);
            // Named sRGB so libvips treats the fourth band as alpha (flattening, premultiplied resizing).
            return copy.Copy(interpretation: Enums.Interpretation.Srgb);
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>Resamples to exactly <paramref name="width"/> x <paramref name="height"/> (libvips rounds the scaled size itself).</summary>
    public static Image Resize(Image image, int width, int height, Enums.Kernel kernel)
    {
        if (image.Width == width && image.Height == height)
        {
            return image.Copy();
        }
        using var scaled = image.Resize((double)width / image.Width, kernel: kernel, vscale: (double)height / image.Height);
        return scaled.Width == width && scaled.Height == height
            ? scaled.Copy()
            : scaled.Embed(0, 0, width, height, extend: Enums.Extend.Copy);
    }

    /// <summary>Rounds a float image to 8 bits (a plain cast would truncate 254.9 to 254).</summary>
    public static Image ToUchar(Image image)
    {
        using var rounded = image + 0.5;
        return rounded.Cast(Enums.BandFormat.Uchar);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
