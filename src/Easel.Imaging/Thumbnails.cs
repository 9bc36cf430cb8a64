using Easel.Core;

namespace Easel.Imaging;

/// <summary>The small preview a gallery shows of a stored output, made once when the output is stored.</summary>
public static class Thumbnails
{
    /// <summary>The longest side of a thumbnail, in pixels; smaller images keep their size.</summary>
    public const int LongSide = 384;

    /// <summary>
    /// PNG, with transparency, made by the managed codec: libvips, through Easel's own binding, crashed the process when
    /// many thumbnails were made at once, so until that binding gives way to NetVips (issue 14) thumbnails stay off it.
    /// </summary>
    public static OutputFormat Format => OutputFormat.Png;

    /// <exception cref="ImageDecodeException">The image is not a PNG the managed codec reads (JPEG and WebP outputs get none).</exception>
    public static byte[] Make(ReadOnlySpan<byte> image)
    {
        if (!PngCodec.IsPng(image))
        {
            throw new ImageDecodeException("thumbnails are made of PNG outputs only");
        }
        var picture = PngCodec.Decode(image);
        var scale = Math.Min(1.0, (double)LongSide / Math.Max(picture.Width, picture.Height));
        var width = Math.Max(1, (int)Math.Round(picture.Width * scale));
        var height = Math.Max(1, (int)Math.Round(picture.Height * scale));
        // Halving first averages every source pixel in (bilinear at exactly half is a 2x2 box); one bilinear step from
        // far above the target would skip most of them and alias.
        while (picture.Width >= width * 2 && picture.Height >= height * 2)
        {
            picture = ImageResizer.Bilinear(picture, picture.Width / 2, picture.Height / 2);
        }
        return PngCodec.Encode(ImageResizer.Bilinear(picture, width, height), withAlpha: true);
    }
}
