using NetVips;

namespace Easel.Imaging;

/// <summary>
/// Deterministic placeholder images for the sandbox provider, drawn with libvips: a smooth gradient with soft glows whose
/// colours come from a stable hash of (prompt, seed), and the prompt set in Noto Sans so a person can tell which request
/// produced it.
/// </summary>
public static class SandboxRenderer
{
    private const int Glows = 3;

    private static readonly Lazy<Interpolate> Bilinear = new(() => Interpolate.NewFromName("bilinear"));

    /// <summary>Renders a new opaque image; identical inputs always give identical pixels.</summary>
    public static RgbaImage Render(string prompt, long seed, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var hash = new StableHash(prompt, seed);
        // Every term is smooth: drawn at an eighth of the size and enlarged, it looks the same and costs 1/64 of the work.
        using var small = Background(Math.Max(1, (width + 7) / 8), Math.Max(1, (height + 7) / 8), ref hash);
        using var background = Enlarge(small, width, height);
        using var captioned = Caption.Paint(background, prompt, $"sandbox · seed {seed} · {width}×{height}", atBottom: false);
        return Opaque(captioned);
    }

    /// <summary>
    /// Resizes <paramref name="reference"/> to width x height and visibly alters it: where the (resized) mask
    /// is transparent, or everywhere without a mask, colours are inverted and tinted. The prompt is painted
    /// along the bottom. Deterministic like <see cref="Render"/>.
    /// </summary>
    public static RgbaImage RenderEdit(string prompt, long seed, RgbaImage reference, int width, int height, RgbaImage? mask)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(reference);
        var hash = new StableHash(prompt, seed);
        var tint = Hsv(hash.NextDouble(), 0.75, 0.95);
        using var source = VipsImages.FromRgba(reference);
        using var resized = VipsImages.Resize(source, width, height, Enums.Kernel.Linear);
        using var original = resized.Cast(Enums.BandFormat.Float);
        using var rgb = original.ExtractBand(0, n: 3);
        using var alpha = original[3];
        // The edit: a blend of the inverse with the tint, 3:2.
        using var edited = rgb.Linear([-0.6, -0.6, -0.6], [153 + tint[0] * 0.4, 153 + tint[1] * 0.4, 153 + tint[2] * 0.4]);
        using var weight = EditWeight(mask, width, height);
        using var change = (edited - rgb) * weight;
        using var newRgb = rgb + change;
        using var alphaChange = (255 - alpha) * weight;
        using var newAlpha = alpha + alphaChange;
        using var joined = newRgb.Bandjoin(newAlpha);
        using var captioned = Caption.Paint(joined, prompt, footer: null, atBottom: true);
        using var bytes = VipsImages.ToUchar(captioned);
        return new RgbaImage(width, height, bytes.WriteToMemory<byte>());
    }

    /// <summary>0-1 per pixel: 1 where the mask is transparent (or everywhere without a mask).</summary>
    private static Image EditWeight(RgbaImage? mask, int width, int height)
    {
        if (mask is null)
        {
            return Image.Black(width, height) + 1.0;
        }
        using var source = VipsImages.FromRgba(mask);
        using var maskAlpha = source[3];
        using var resized = VipsImages.Resize(maskAlpha, width, height, Enums.Kernel.Nearest);
        return resized.Linear([-1.0 / 255], [1.0]);
    }

    private static Image Background(int width, int height, ref StableHash hash)
    {
        var hue = hash.NextDouble();
        var from = Hsv(hue, hash.Range(0.45, 0.8), hash.Range(0.75, 0.95));
        var to = Hsv(hue + hash.Range(0.15, 0.35), hash.Range(0.5, 0.85), hash.Range(0.3, 0.55));
        double dx = hash.Range(-1, 1), dy = hash.Range(-1, 1);
        var length = Math.Sqrt(dx * dx + dy * dy) + 1e-9;
        dx /= length;
        dy /= length;

        // t runs 0 -> 1 along the direction (dx, dy) across the whole picture, then eases in and out.
        using var xyz = Image.Xyz(width, height);
        using var xy = xyz.Cast(Enums.BandFormat.Float);
        using var u = xy[0].Linear([dx / width], [0.0]);
        using var v = xy[1].Linear([dy / height], [0.0]);
        var low = Math.Min(0, dx) + Math.Min(0, dy);
        var high = Math.Max(0, dx) + Math.Max(0, dy);
        using var sum = u + v;
        using var t = sum.Linear([1 / (high - low + 1e-9)], [-low / (high - low + 1e-9)]);
        using var ease = t * t * t.Linear([-2.0], [3.0]);
        var picture = ease.Linear([to[0] - from[0], to[1] - from[1], to[2] - from[2]], from);

        var scale = Math.Max(width, height);
        for (var i = 0; i < Glows; i++)
        {
            var colour = Hsv(hue + hash.Range(0.35, 0.65), hash.Range(0.3, 0.6), hash.Range(0.85, 1.0));
            double cx = hash.Range(0.1, 0.9) * width, cy = hash.Range(0.1, 0.9) * height;
            var radius = hash.Range(0.15, 0.35) * scale;
            var strength = hash.Range(0.35, 0.7);
            // A Gaussian glow: strength * exp(-d² / 2r²), mixed towards the glow's colour.
            using var offset = xy - new[] { cx, cy };
            using var squared = offset * offset;
            using var distance = squared[0] + squared[1];
            using var exponent = distance.Linear([-1 / (2 * radius * radius)], [0.0]);
            using var glow = exponent.Exp();
            using var weight = glow * strength;
            using var towards = picture.Linear([-1.0, -1.0, -1.0], colour);
            using var step = towards * weight;
            var next = picture + step;
            picture.Dispose();
            picture = next;
        }

        return picture;
    }

    /// <summary>Bilinear enlargement to exactly width x height, pixel centres aligned (cheaper than resize's kernels).</summary>
    private static Image Enlarge(Image small, int width, int height)
    {
        double sx = (double)width / small.Width, sy = (double)height / small.Height;
        return small.Affine([sx, 0, 0, sy], interpolate: Bilinear.Value, oarea: [0, 0, width, height],
            odx: sx / 2 - 0.5, ody: sy / 2 - 0.5, extend: Enums.Extend.Copy);
    }

    private static RgbaImage Opaque(Image rgb)
    {
        using var bytes = VipsImages.ToUchar(rgb);
        using var rgba = bytes.Bandjoin(255);
        return new RgbaImage(rgba.Width, rgba.Height, rgba.WriteToMemory<byte>());
    }

    /// <summary>HSV (hue wraps, all in 0-1) to RGB in 0-255, using only exact arithmetic.</summary>
    internal static double[] Hsv(double hue, double saturation, double value)
    {
        hue = (hue % 1 + 1) % 1 * 6;
        var sector = (int)hue;
        var f = hue - sector;
        double p = value * (1 - saturation), q = value * (1 - saturation * f), t = value * (1 - saturation * (1 - f));
        var (r, g, b) = sector switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
        return [r * 255, g * 255, b * 255];
    }
}
