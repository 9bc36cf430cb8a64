namespace Easel.Imaging;

/// <summary>
/// Deterministic placeholder images for the sandbox provider: a gradient whose colours come from a stable
/// hash of (prompt, seed), with the prompt painted on it so a person can tell which request produced it.
/// </summary>
public static class SandboxRenderer
{
    private const int MaxPromptChars = 300;

    /// <summary>Renders a new opaque image; identical inputs always give identical pixels.</summary>
    public static RgbaImage Render(string prompt, long seed, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var image = new RgbaImage(width, height);
        PaintBackground(image, new StableHash(prompt, seed));
        PaintCaption(image, prompt, seed, atBottom: false);
        return image;
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
        var image = ImageResizer.Bilinear(reference, width, height);
        var maskAlpha = mask is null ? null : ImageResizer.NearestAlpha(mask, width, height);
        var hash = new StableHash(prompt, seed);
        var (tr, tg, tb) = Hsv(hash.NextDouble(), 0.75, 0.95);
        int tint0 = (int)tr, tint1 = (int)tg, tint2 = (int)tb;
        var pixels = image.Pixels;
        for (var i = 0; i < width * height; i++)
        {
            var edit = maskAlpha is null ? 255 : 255 - maskAlpha[i];
            if (edit == 0)
            {
                continue;
            }

            var keep = 255 - edit;
            var p = i * 4;
            pixels[p] = Mix(pixels[p], tint0, keep, edit);
            pixels[p + 1] = Mix(pixels[p + 1], tint1, keep, edit);
            pixels[p + 2] = Mix(pixels[p + 2], tint2, keep, edit);
            pixels[p + 3] = (byte)((pixels[p + 3] * keep + 255 * edit + 127) / 255);
        }

        PaintCaption(image, prompt, seed, atBottom: true);
        return image;
    }

    /// <summary>Blend of the original with its tinted inverse, weighted keep:edit (summing to 255).</summary>
    private static byte Mix(byte original, int tint, int keep, int edit)
    {
        var edited = ((255 - original) * 3 + tint * 2) / 5;
        return (byte)((original * keep + edited * edit + 127) / 255);
    }

    private static void PaintBackground(RgbaImage image, StableHash hash)
    {
        var hue = hash.NextDouble();
        var c0 = Hsv(hue, hash.Range(0.45, 0.8), hash.Range(0.75, 0.95));
        var c1 = Hsv(hue + hash.Range(0.15, 0.35), hash.Range(0.5, 0.85), hash.Range(0.3, 0.55));
        var c2 = Hsv(hue + hash.Range(0.4, 0.6), hash.Range(0.35, 0.65), hash.Range(0.85, 1.0));
        double dx = hash.Range(-1, 1), dy = hash.Range(-1, 1);
        var length = Math.Sqrt(dx * dx + dy * dy) + 1e-9;
        dx /= length;
        dy /= length;
        double blobX = hash.Range(0.2, 0.8), blobY = hash.Range(0.2, 0.8), blobK = hash.Range(8, 20);
        var period = Math.Max(8, (int)((image.Width + image.Height) * hash.Range(0.03, 0.08)));

        int w = image.Width, h = image.Height;
        // Separable terms: gradient t = tx[x] + ty[y], blob = bx[x] * by[y], stripes by (x + y).
        var tx = new float[w];
        var bx = new float[w];
        for (var x = 0; x < w; x++)
        {
            var u = (x + 0.5) / w - 0.5;
            tx[x] = (float)(0.5 + dx * u);
            bx[x] = (float)(1 / (1 + blobK * (u + 0.5 - blobX) * (u + 0.5 - blobX)));
        }

        var stripe = new float[w + h];
        for (var i = 0; i < stripe.Length; i++)
        {
            var phase = (double)(i % period) / period; // triangle wave in [0.96, 1.04]
            stripe[i] = (float)(0.96 + 0.16 * Math.Abs(phase - 0.5));
        }

        for (var y = 0; y < h; y++)
        {
            var v = (y + 0.5) / h - 0.5;
            var ty = (float)(dy * v);
            var by = (float)(0.85 / (1 + blobK * (v + 0.5 - blobY) * (v + 0.5 - blobY)));
            var row = image.Row(y);
            for (var x = 0; x < w; x++)
            {
                var t = Math.Clamp(tx[x] + ty, 0f, 1f);
                t = t * t * (3 - 2 * t);
                var blob = bx[x] * by;
                var shade = stripe[x + y];
                row[x * 4] = Channel(c0.R, c1.R, c2.R, t, blob, shade);
                row[x * 4 + 1] = Channel(c0.G, c1.G, c2.G, t, blob, shade);
                row[x * 4 + 2] = Channel(c0.B, c1.B, c2.B, t, blob, shade);
                row[x * 4 + 3] = 255;
            }
        }
    }

    private static byte Channel(float a, float b, float c, float t, float blob, float shade)
    {
        var value = a + (b - a) * t;
        value = (value + (c - value) * blob) * shade;
        return (byte)Math.Clamp(value + 0.5f, 0f, 255f);
    }

    private static void PaintCaption(RgbaImage image, string prompt, long seed, bool atBottom)
    {
        int w = image.Width, h = image.Height;
        var margin = Math.Min(w, h) / 20;
        var scale = Math.Max(1, (int)Math.Round(Math.Min(w, h) / 256.0));
        int columns, rows;
        while (true)
        {
            columns = ((w - 2 * margin) / scale - 2 * TextPainter.Padding + 1) / BitmapFont.CellWidth;
            rows = ((h - 2 * margin) / scale - 2 * TextPainter.Padding + 2) / BitmapFont.LineHeight;
            if (atBottom)
            {
                rows = Math.Max(Math.Min(rows, 3), rows / 3);
            }

            if (scale == 1 || (columns >= 24 && rows >= 4))
            {
                break;
            }

            scale--;
        }

        if (columns < 1 || rows < 1)
        {
            return;
        }

        var text = prompt.Trim();
        if (text.Length > MaxPromptChars)
        {
            text = text[..MaxPromptChars].TrimEnd() + "...";
        }

        var withFooter = rows >= 4;
        var lines = TextPainter.Wrap(text, columns, withFooter ? rows - 2 : rows);
        if (withFooter)
        {
            lines.Add(string.Empty);
            lines.AddRange(TextPainter.Wrap($"sandbox - seed {seed} - {w}x{h}", columns, 1));
        }

        var (boxWidth, boxHeight) = TextPainter.Measure(lines, scale);
        var x = (w - boxWidth) / 2;
        var y = atBottom ? h - margin - boxHeight : (h - boxHeight) / 2;
        TextPainter.DrawBox(image, lines, x, y, scale);
    }

    /// <summary>HSV (hue wraps, all in 0-1) to RGB in 0-255, using only exact arithmetic.</summary>
    private static (float R, float G, float B) Hsv(double hue, double saturation, double value)
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
        return ((float)(r * 255), (float)(g * 255), (float)(b * 255));
    }
}
