using Easel.Core;
using NetVips;

namespace Easel.Imaging;

/// <summary>Coarse previews of a finished image, for clients that asked for partial images while it streams.</summary>
public static class PartialPreview
{
    /// <summary>
    /// Preview <paramref name="index"/> of <paramref name="count"/>: the image at a fraction of its detail, finer with each index
    /// (1/32, then 1/16, then 1/8 of each edge for three), encoded like the image itself.
    /// </summary>
    public static byte[] Render(ReadOnlySpan<byte> image, OutputFormat format, bool transparentBackground, int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        using var full = VipsImages.FromRgba(ImageEncoder.Decode(image));
        var block = 1 << (count - index + 2);
        using var small = VipsImages.Resize(full, Math.Max(1, full.Width / block), Math.Max(1, full.Height / block), Enums.Kernel.Linear);
        using var coarse = VipsImages.Resize(small, full.Width, full.Height, Enums.Kernel.Linear);
        return ImageEncoder.Encode(coarse, format, transparentBackground, quality: null);
    }
}
