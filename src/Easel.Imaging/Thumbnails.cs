using Easel.Core;

namespace Easel.Imaging;

/// <summary>The small preview a gallery shows of a stored output, made once when the output is stored.</summary>
public static class Thumbnails
{
    /// <summary>The longest side of a thumbnail, in pixels; smaller images keep their size.</summary>
    public const int LongSide = 384;

    /// <summary>WebP where libvips can write it, PNG otherwise; both keep transparency.</summary>
    public static OutputFormat Format => ImageEncoder.CanEncode(OutputFormat.Webp) ? OutputFormat.Webp : OutputFormat.Png;

    /// <exception cref="ImageDecodeException">The image cannot be read (JPEG and WebP need libvips).</exception>
    public static byte[] Make(ReadOnlySpan<byte> image)
    {
        var picture = ImageEncoder.Decode(image);
        var scale = Math.Min(1.0, (double)LongSide / Math.Max(picture.Width, picture.Height));
        var width = Math.Max(1, (int)Math.Round(picture.Width * scale));
        var height = Math.Max(1, (int)Math.Round(picture.Height * scale));
        // Halving first averages every source pixel in (bilinear at exactly half is a 2x2 box); one bilinear step from
        // far above the target would skip most of them and alias.
        while (picture.Width >= width * 2 && picture.Height >= height * 2)
        {
            picture = ImageResizer.Bilinear(picture, picture.Width / 2, picture.Height / 2);
        }
        return ImageEncoder.Encode(ImageResizer.Bilinear(picture, width, height), Format, transparentBackground: true);
    }
}
