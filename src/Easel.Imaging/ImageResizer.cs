namespace Easel.Imaging;

/// <summary>Managed resampling (bilinear for pictures, nearest for masks) with fixed-point weights.</summary>
internal static class ImageResizer
{
    public static RgbaImage Bilinear(RgbaImage source, int width, int height)
    {
        if (source.Width == width && source.Height == height)
        {
            return new RgbaImage(width, height, (byte[])source.Pixels.Clone());
        }

        var (xs0, xs1, xw) = Taps(source.Width, width);
        var (ys0, ys1, yw) = Taps(source.Height, height);
        var result = new RgbaImage(width, height);
        for (var y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> top = source.Row(ys0[y]);
            ReadOnlySpan<byte> bottom = source.Row(ys1[y]);
            int fy = yw[y], gy = 256 - fy;
            var dst = result.Row(y);
            for (var x = 0; x < width; x++)
            {
                int a = xs0[x] * 4, b = xs1[x] * 4, fx = xw[x], gx = 256 - fx;
                for (var c = 0; c < 4; c++)
                {
                    var upper = top[a + c] * gx + top[b + c] * fx;
                    var lower = bottom[a + c] * gx + bottom[b + c] * fx;
                    dst[x * 4 + c] = (byte)((upper * gy + lower * fy + 32768) >> 16);
                }
            }
        }

        return result;
    }

    /// <summary>Nearest-neighbour resample of just the alpha channel (one byte per output pixel).</summary>
    public static byte[] NearestAlpha(RgbaImage source, int width, int height)
    {
        var alpha = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> src = source.Row((int)((y + 0.5) * source.Height / height));
            for (var x = 0; x < width; x++)
            {
                alpha[y * width + x] = src[(int)((x + 0.5) * source.Width / width) * 4 + 3];
            }
        }

        return alpha;
    }

    /// <summary>For each destination index: left/right source index and the right weight (0-256).</summary>
    private static (int[] Lo, int[] Hi, int[] Weight) Taps(int sourceSize, int size)
    {
        var lo = new int[size];
        var hi = new int[size];
        var weight = new int[size];
        for (var i = 0; i < size; i++)
        {
            var s = Math.Clamp((i + 0.5) * sourceSize / size - 0.5, 0, sourceSize - 1);
            lo[i] = (int)s;
            hi[i] = Math.Min(lo[i] + 1, sourceSize - 1);
            weight[i] = (int)((s - lo[i]) * 256);
        }

        return (lo, hi, weight);
    }
}
