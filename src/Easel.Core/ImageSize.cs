using System.Globalization;

namespace Easel.Core;

/// <summary>An exact output size in pixels.</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    public int LongEdge => Math.Max(Width, Height);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");

    /// <summary>Parses <c>WIDTHxHEIGHT</c> without judging it; see <see cref="SizeRules"/>.</summary>
    public static bool TryParse(string? text, out ImageSize size)
    {
        size = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var x = text.IndexOfAny(['x', 'X']);
        if (x <= 0 || x == text.Length - 1)
        {
            return false;
        }
        if (!int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            || !int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            return false;
        }
        size = new ImageSize(w, h);
        return true;
    }
}
