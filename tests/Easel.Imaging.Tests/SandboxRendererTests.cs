namespace Easel.Imaging.Tests;

public class SandboxRendererTests
{
    private const string Prompt = "A premium product photo of a matte black smart speaker";

    [Fact]
    public void Same_inputs_give_identical_png_bytes()
    {
        var a = PngCodec.Encode(SandboxRenderer.Render(Prompt, 42, 256, 192), withAlpha: false);
        var b = PngCodec.Encode(SandboxRenderer.Render(Prompt, 42, 256, 192), withAlpha: false);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Different_prompt_or_seed_gives_different_images()
    {
        var baseline = SandboxRenderer.Render(Prompt, 42, 256, 192).Pixels;
        Assert.NotEqual(baseline, SandboxRenderer.Render(Prompt + "!", 42, 256, 192).Pixels);
        Assert.NotEqual(baseline, SandboxRenderer.Render(Prompt, 43, 256, 192).Pixels);
    }

    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(1360, 768)]
    [InlineData(16, 16)]
    [InlineData(1, 1)]
    public void Renders_requested_size_fully_opaque(int width, int height)
    {
        var image = SandboxRenderer.Render(Prompt, 1, width, height);
        Assert.Equal((width, height), (image.Width, image.Height));
        for (var i = 3; i < image.Pixels.Length; i += 4)
        {
            Assert.Equal(255, image.Pixels[i]);
        }
    }

    [Fact]
    public void Prompt_text_is_painted_as_white_glyphs_across_the_middle()
    {
        // The caption box is vertically centred; its first text line covers rows just above the middle.
        var image = SandboxRenderer.Render(Prompt, 5, 512, 512);
        var whiteRows = 0;
        for (var y = 200; y < 312; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < 512; x++)
            {
                if (row[x * 4] == 255 && row[x * 4 + 1] == 255 && row[x * 4 + 2] == 255)
                {
                    whiteRows++;
                    break;
                }
            }
        }

        Assert.True(whiteRows > 10, $"only {whiteRows} rows contain caption pixels");
        Assert.NotEqual(image.Pixels, SandboxRenderer.Render(string.Empty, 5, 512, 512).Pixels);
    }

    [Fact]
    public void Long_and_non_ascii_prompts_render()
    {
        var image = SandboxRenderer.Render(string.Concat(Enumerable.Repeat("día 🎨 ünïcode ", 100)), 9, 300, 200);
        Assert.Equal(300, image.Width);
    }

    [Fact]
    public void Edit_without_mask_changes_the_whole_image_visibly()
    {
        var reference = SandboxRenderer.Render("reference", 1, 200, 150);
        var edited = SandboxRenderer.RenderEdit("make it blue", 2, reference, 200, 150, mask: null);
        Assert.True(TestImages.MeanAbsDiff(reference, edited, (_, y) => y < 40) > 40);
    }

    [Fact]
    public void Edit_with_mask_changes_mostly_the_transparent_area()
    {
        var reference = SandboxRenderer.Render("reference", 1, 400, 300);
        // Mask at half resolution: transparent (edit) in the top-left quadrant only.
        var mask = TestImages.Solid(200, 150, 0, 0, 0, 255);
        for (var y = 0; y < 75; y++)
        {
            for (var x = 0; x < 100; x++)
            {
                mask.Pixels[(y * 200 + x) * 4 + 3] = 0;
            }
        }

        var edited = SandboxRenderer.RenderEdit("add a hat", 2, reference, 400, 300, mask);
        var inside = TestImages.MeanAbsDiff(reference, edited, (x, y) => x < 200 && y < 150);
        var outside = TestImages.MeanAbsDiff(reference, edited, (x, y) => x >= 200 || y >= 150);
        Assert.True(inside > 40, $"inside diff {inside}");
        Assert.True(outside < inside / 3, $"outside diff {outside} vs inside {inside}");
        // The top-right quadrant holds no caption and lies outside the edit area: untouched.
        Assert.Equal(0, TestImages.MeanAbsDiff(reference, edited, (x, y) => x >= 220 && y < 100));
    }

    [Fact]
    public void Edit_resizes_to_requested_size_and_is_deterministic()
    {
        var reference = TestImages.Noise(64, 48, 3, opaque: true);
        var a = SandboxRenderer.RenderEdit("x", 1, reference, 333, 111, null);
        var b = SandboxRenderer.RenderEdit("x", 1, reference, 333, 111, null);
        Assert.Equal((333, 111), (a.Width, a.Height));
        Assert.Equal(a.Pixels, b.Pixels);
    }

    [Fact]
    public void Markup_characters_in_a_prompt_are_set_as_text()
    {
        // Pango reads markup: an unescaped "<b" or "&" would fail the render or vanish from the caption.
        var image = SandboxRenderer.Render("<b>bold & \"quoted\"</b> <span>", 5, 512, 512);
        Assert.NotEqual(SandboxRenderer.Render("bold", 5, 512, 512).Pixels, image.Pixels);
    }

    [Fact]
    public void The_caption_font_ships_with_easel()
    {
        Assert.True(new FileInfo(Fonts.NotoSansSemiBold).Length > 10_000);
    }
}
