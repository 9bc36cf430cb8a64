namespace Easel.Imaging.Tests;

internal static class TestImages
{
    /// <summary>Random pixels; with <paramref name="opaque"/> every alpha is 255.</summary>
    public static RgbaImage Noise(int width, int height, int seed, bool opaque)
    {
        var image = new RgbaImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        if (opaque)
        {
            for (var i = 3; i < image.Pixels.Length; i += 4)
            {
                image.Pixels[i] = 255;
            }
        }

        return image;
    }

    public static RgbaImage Solid(int width, int height, byte r, byte g, byte b, byte a)
    {
        var image = new RgbaImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 4)
        {
            image.Pixels[i] = r;
            image.Pixels[i + 1] = g;
            image.Pixels[i + 2] = b;
            image.Pixels[i + 3] = a;
        }

        return image;
    }

    public static double MeanAbsDiff(RgbaImage a, RgbaImage b, Func<int, int, bool> include)
    {
        long sum = 0, count = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (!include(x, y))
                {
                    continue;
                }

                var p = (y * a.Width + x) * 4;
                for (var c = 0; c < 3; c++)
                {
                    sum += Math.Abs(a.Pixels[p + c] - b.Pixels[p + c]);
                }

                count += 3;
            }
        }

        return count == 0 ? 0 : (double)sum / count;
    }
}
