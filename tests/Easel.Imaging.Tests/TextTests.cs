namespace Easel.Imaging.Tests;

public class TextTests
{
    [Fact]
    public void Font_covers_printable_ascii_and_falls_back_to_question_mark()
    {
        for (var c = '!'; c <= '~'; c++)
        {
            Assert.Contains(BitmapFont.Glyph(c).ToArray(), row => row != 0);
        }

        Assert.True(BitmapFont.Glyph(' ').ToArray().All(row => row == 0));
        Assert.Equal(BitmapFont.Glyph('?').ToArray(), BitmapFont.Glyph('é').ToArray());
    }

    [Fact]
    public void Glyphs_are_distinct()
    {
        var seen = new HashSet<string>();
        for (var c = ' '; c <= '~'; c++)
        {
            Assert.True(seen.Add(Convert.ToHexString(BitmapFont.Glyph(c))), $"glyph for '{c}' duplicates another");
        }
    }

    [Fact]
    public void Wrap_breaks_on_words_and_respects_width()
    {
        var lines = TextPainter.Wrap("the quick brown fox jumps over the lazy dog", 10, 10);
        Assert.Equal(["the quick", "brown fox", "jumps over", "the lazy", "dog"], lines);
    }

    [Fact]
    public void Wrap_splits_long_words_and_truncates_with_ellipsis()
    {
        Assert.Equal(["abcdef", "ghij"], TextPainter.Wrap("abcdefghij", 6, 5));
        var lines = TextPainter.Wrap("one two three four five six", 9, 2);
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("...", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(l.Length <= 9));
    }

    [Fact]
    public void Draw_paints_white_glyph_pixels_at_scale()
    {
        var image = TestImages.Solid(40, 30, 0, 0, 0, 255);
        TextPainter.DrawLine(image, "I", 0, 0, 2);
        // 'I' top row is ".###." -> columns 1..3 inked, at scale 2 -> pixels 2..7.
        var row = image.Row(0);
        Assert.Equal(0, row[0]);
        Assert.Equal(255, row[2 * 4]);
        Assert.Equal(255, row[7 * 4]);
        Assert.Equal(0, row[8 * 4]);
    }
}
