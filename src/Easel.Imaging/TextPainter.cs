using System.Text;

namespace Easel.Imaging;

/// <summary>Word-wraps text and paints it with <see cref="BitmapFont"/> in white on a darkened backdrop box.</summary>
internal static class TextPainter
{
    /// <summary>Padding around the text inside the box, in font pixels.</summary>
    public const int Padding = 4;

    /// <summary>
    /// Greedy word wrap to <paramref name="maxColumns"/>; explicit newlines are kept, over-long words are split,
    /// and when more than <paramref name="maxLines"/> result the last kept line ends with "...".
    /// </summary>
    public static List<string> Wrap(string text, int maxColumns, int maxLines)
    {
        maxColumns = Math.Max(1, maxColumns);
        var lines = new List<string>();
        foreach (var paragraph in Sanitize(text).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var rest = word;
                while (rest.Length > 0)
                {
                    var room = line.Length == 0 ? maxColumns : maxColumns - line.Length - 1;
                    if (rest.Length <= room)
                    {
                        line.Append(line.Length == 0 ? string.Empty : " ").Append(rest);
                        rest = string.Empty;
                    }
                    else if (line.Length > 0 && rest.Length <= maxColumns)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                    }
                    else
                    {
                        var take = line.Length == 0 ? maxColumns : room;
                        if (take <= 0)
                        {
                            lines.Add(line.ToString());
                            line.Clear();
                            continue;
                        }

                        line.Append(line.Length == 0 ? string.Empty : " ").Append(rest.AsSpan(0, take));
                        rest = rest[take..];
                        lines.Add(line.ToString());
                        line.Clear();
                    }
                }
            }

            lines.Add(line.ToString());
        }

        if (lines.Count > maxLines)
        {
            lines.RemoveRange(Math.Max(0, maxLines), lines.Count - Math.Max(0, maxLines));
            if (lines.Count > 0)
            {
                var last = lines[^1];
                last = last.Length + 3 > maxColumns ? last[..Math.Max(0, maxColumns - 3)] : last;
                lines[^1] = last.TrimEnd() + "...";
            }
        }

        return lines;
    }

    /// <summary>Pixel size of the box that <see cref="DrawBox"/> paints for these lines.</summary>
    public static (int Width, int Height) Measure(IReadOnlyList<string> lines, int scale)
    {
        var columns = lines.Count == 0 ? 0 : lines.Max(l => l.Length);
        var width = columns * BitmapFont.CellWidth - 1 + 2 * Padding;
        var height = lines.Count * BitmapFont.LineHeight - 2 + 2 * Padding;
        return (width * scale, height * scale);
    }

    /// <summary>Darkens a box (making it opaque) and draws the lines in white, top-left at (x, y).</summary>
    public static void DrawBox(RgbaImage image, IReadOnlyList<string> lines, int x, int y, int scale)
    {
        var (width, height) = Measure(lines, scale);
        Darken(image, x, y, width, height);
        for (var i = 0; i < lines.Count; i++)
        {
            DrawLine(image, lines[i], x + Padding * scale, y + (Padding + i * BitmapFont.LineHeight) * scale, scale);
        }
    }

    /// <summary>Draws one line of white text at integer <paramref name="scale"/>, clipped to the image.</summary>
    public static void DrawLine(RgbaImage image, string text, int x, int y, int scale)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var glyph = BitmapFont.Glyph(text[i]);
            var gx = x + i * BitmapFont.CellWidth * scale;
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var col = 0; col < BitmapFont.GlyphWidth; col++)
                {
                    if ((glyph[row] & (0x10 >> col)) != 0)
                    {
                        Fill(image, gx + col * scale, y + row * scale, scale, scale);
                    }
                }
            }
        }
    }

    private static void Fill(RgbaImage image, int x, int y, int width, int height)
    {
        var (x0, x1, y0, y1) = Clip(image, x, y, width, height);
        for (var py = y0; py < y1; py++)
        {
            image.Row(py)[(x0 * 4)..(x1 * 4)].Fill(255);
        }
    }

    private static void Darken(RgbaImage image, int x, int y, int width, int height)
    {
        var (x0, x1, y0, y1) = Clip(image, x, y, width, height);
        for (var py = y0; py < y1; py++)
        {
            var row = image.Row(py)[(x0 * 4)..(x1 * 4)];
            for (var i = 0; i < row.Length; i += 4)
            {
                // Premultiply by alpha so transparent pixels become dark too, then keep 25 %.
                int a = row[i + 3];
                row[i] = (byte)(row[i] * a / 1020);
                row[i + 1] = (byte)(row[i + 1] * a / 1020);
                row[i + 2] = (byte)(row[i + 2] * a / 1020);
                row[i + 3] = 255;
            }
        }
    }

    private static (int X0, int X1, int Y0, int Y1) Clip(RgbaImage image, int x, int y, int width, int height) =>
        (Math.Clamp(x, 0, image.Width), Math.Clamp(x + width, 0, image.Width),
            Math.Clamp(y, 0, image.Height), Math.Clamp(y + height, 0, image.Height));

    private static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (char.IsLowSurrogate(c))
            {
                continue; // the high surrogate already produced one '?'
            }

            sb.Append(c == '\n' ? '\n' : char.IsWhiteSpace(c) || char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString();
    }
}
