using System.Security;
using NetVips;

namespace Easel.Imaging;

/// <summary>The prompt set in Noto Sans (shipped with Easel, OFL), wrapped, in white on a soft dark panel.</summary>
internal static class Caption
{
    private const int MaxPromptChars = 240;
    private const int SmallestSide = 48;

    /// <summary>Returns a float copy of <paramref name="image"/> (RGB, optionally + alpha) with the caption painted on.</summary>
    public static Image Paint(Image image, string prompt, string? footer, bool atBottom)
    {
        int w = image.Width, h = image.Height;
        using var floats = image.Cast(Enums.BandFormat.Float);
        var text = prompt.Trim();
        if (Math.Min(w, h) < SmallestSide || text.Length == 0 && footer is null)
        {
            return floats.Copy();
        }
        if (text.Length > MaxPromptChars)
        {
            text = text[..MaxPromptChars].TrimEnd() + "…";
        }

        var size = Math.Max(8, Math.Min(w, h) / 20);
        var margin = Math.Min(w, h) / 12;
        var pad = size;
        var markup = SecurityElement.Escape(text);
        if (footer is not null)
        {
            markup += $"\n<span size=\"60%\" alpha=\"75%\">{SecurityElement.Escape(footer)}</span>";
        }
        // "Family," keeps Pango from reading SemiBold as a weight of a family "Noto Sans" that fontconfig does not know.
        using var rendered = Image.Text(markup, font: $"Noto Sans SemiBold, {size}px", fontfile: Fonts.NotoSansSemiBold, width: w - 2 * (margin + pad),
            align: Enums.Align.Centre, wrap: Enums.TextWrap.WordChar, dpi: 72, spacing: size / 4);
        var maxHeight = atBottom ? h / 3 : h - 2 * (margin + pad);
        if (maxHeight <= 0)
        {
            return floats.Copy();
        }
        using var glyphs = rendered.Crop(0, 0, rendered.Width, Math.Min(rendered.Height, maxHeight));
        int panelWidth = glyphs.Width + 2 * pad, panelHeight = glyphs.Height + 2 * pad;
        var x = (w - panelWidth) / 2;
        var y = atBottom ? h - margin - panelHeight : (h - panelHeight) / 2;

        // Only the panel's surroundings are painted: the rest of the picture is passed through untouched.
        int left = Math.Max(0, x - pad), top = Math.Max(0, y - pad);
        int width = Math.Min(w, x + panelWidth + pad) - left, height = Math.Min(h, y + panelHeight + pad) - top;
        using var region = floats.Crop(left, top, width, height);
        // Coverage 0-1 of the panel (soft-edged) and of the glyphs, each the size of the region.
        using var panel = Panel(width, height, x - left, y - top, panelWidth, panelHeight, pad);
        using var ink = glyphs.Embed(x + pad - left, y + pad - top, width, height);
        using var coverage = ink.Linear([1 / 255.0], [0.0]);

        using var colour = region.Bands == 4 ? region.ExtractBand(0, n: 3) : region.Copy();
        using var shade = panel.Linear([-1.0], [1.0]);
        using var darkened = colour * shade;
        using var toWhite = darkened.Linear([-1.0], [255.0]);
        using var lift = toWhite * coverage;
        using var painted = darkened + lift;
        using var withAlpha = region.Bands == 4 ? painted.Bandjoin(region[3]) : painted.Copy();
        return floats.Insert(withAlpha, left, top);
    }

    /// <summary>A soft-edged rectangle (0.5 inside) in a w x h region, blurred at a quarter of the size since it is smooth.</summary>
    private static Image Panel(int w, int h, int x, int y, int width, int height, int pad)
    {
        const int Shrink = 4;
        int sw = Math.Max(1, w / Shrink), sh = Math.Max(1, h / Shrink);
        using var box = Image.Black(Math.Max(1, (width - pad) / Shrink), Math.Max(1, (height - pad) / Shrink)) + 0.5;
        using var boxed = box.Embed((x + pad / 2) / Shrink, (y + pad / 2) / Shrink, sw, sh);
        using var blurred = boxed.Gaussblur(Math.Max(0.5, pad / 2.0 / Shrink));
        return VipsImages.Resize(blurred, w, h, Enums.Kernel.Linear);
    }
}
