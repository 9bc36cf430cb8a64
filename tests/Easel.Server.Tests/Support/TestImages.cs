using System.Net.Http.Headers;
using Easel.Imaging;

namespace Easel.Server.Tests.Support;

/// <summary>Images and multipart bodies for edit requests.</summary>
public static class TestImages
{
    public static RgbaImage Solid(int width, int height, byte r, byte g, byte b, byte a = 255)
    {
        var image = new RgbaImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 4)
        {
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (r, g, b, a);
        }
        return image;
    }

    public static byte[] Png(int width, int height, byte r = 30, byte g = 140, byte b = 200) => PngCodec.Encode(Solid(width, height, r, g, b), withAlpha: false);

    /// <summary>A mask whose left half is transparent (edit there) and right half opaque (keep).</summary>
    public static byte[] LeftHalfMask(int width, int height)
    {
        var mask = Solid(width, height, 0, 0, 0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width / 2; x++)
            {
                mask.Pixels[(y * width + x) * 4 + 3] = 0;
            }
        }
        return PngCodec.Encode(mask, withAlpha: true);
    }

    /// <summary>How many pixels differ visibly from the colour (r, g, b).</summary>
    public static int Changed(RgbaImage image, int x0, int x1, byte r, byte g, byte b)
    {
        var changed = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var p = (y * image.Width + x) * 4;
                if (Math.Abs(image.Pixels[p] - r) + Math.Abs(image.Pixels[p + 1] - g) + Math.Abs(image.Pixels[p + 2] - b) > 60)
                {
                    changed++;
                }
            }
        }
        return changed;
    }

    /// <summary>A multipart body like curl's <c>-F</c>: fields, then files named <c>image</c> (or <paramref name="imageField"/>), then the mask.</summary>
    public static MultipartFormDataContent Form(
        (string Name, string Value)[] fields, byte[][] images, byte[]? mask = null, string imageField = "image", string imageType = "image/png")
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        for (var i = 0; i < images.Length; i++)
        {
            var part = new ByteArrayContent(images[i]);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(imageType);
            form.Add(part, imageField, $"source{i}.png");
        }
        if (mask is not null)
        {
            var part = new ByteArrayContent(mask);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
            form.Add(part, "mask", "mask.png");
        }
        return form;
    }
}
