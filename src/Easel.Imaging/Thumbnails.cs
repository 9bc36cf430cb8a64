using Easel.Core;
using NetVips;

namespace Easel.Imaging;

/// <summary>The small preview a gallery shows of a stored output, made once when the output is stored.</summary>
public static class Thumbnails
{
    /// <summary>The longest side of a thumbnail, in pixels; smaller images keep their size.</summary>
    public const int LongSide = 384;

    /// <summary>PNG, keeping transparency, whatever the output's format.</summary>
    public static OutputFormat Format => OutputFormat.Png;

    /// <exception cref="ImageDecodeException">The bytes are no PNG, JPEG or WebP image, are corrupt, or too large.</exception>
    public static byte[] Make(ReadOnlySpan<byte> image)
    {
        using var source = VipsImages.Open(image);
        try
        {
            // libvips' thumbnail shrinks by whole factors first (averaging every source pixel, no aliasing), then resamples.
            using var small = source.ThumbnailImage(LongSide, height: LongSide, size: Enums.Size.Down);
            using var srgb = small.Colourspace(Enums.Interpretation.Srgb);
            using var bytes = srgb.Format == Enums.BandFormat.Uchar ? srgb.Copy() : srgb.Cast(Enums.BandFormat.Uchar);
            return bytes.PngsaveBuffer(compression: 6);
        }
        catch (VipsException e)
        {
            throw new ImageDecodeException("The image could not be decoded: " + e.Message.Split('\n', 2)[0], e);
        }
    }
}
