namespace Easel.Core.Tests;

public class GenerationRulesTests
{
    private static GenerationRequest Generate() => new() { Model = GenerationModel.Generate, Prompt = "a cat" };

    private static GenerationRequest Edit(params string[] urls) => new() { Model = GenerationModel.Edit, Prompt = "make it blue", ImageUrls = urls };

    private static string[] Urls(int count) =>
        Enumerable.Range(0, count).Select(i => $"https://img.example.com/{i}.png").ToArray();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n ")]
    public void Blank_prompt_is_rejected_with_param_prompt(string? prompt)
    {
        var result = GenerationRules.Prompt(prompt);
        Assert.False(result.IsOk);
        Assert.NotNull(result.Error);
        Assert.Equal(ErrorKind.InvalidRequest, result.Error.Kind);
        Assert.Equal("prompt", result.Error.Param);
    }

    [Fact]
    public void Prompt_is_trimmed()
    {
        var result = GenerationRules.Prompt("  hi  ");
        Assert.True(result.IsOk);
        Assert.Equal("hi", result.Value);
    }

    [Fact]
    public void Prompt_of_exactly_32000_chars_is_accepted()
    {
        var prompt = new string('a', 32_000);
        var result = GenerationRules.Prompt(prompt);
        Assert.True(result.IsOk);
        Assert.Equal(prompt, result.Value);
    }

    [Fact]
    public void Prompt_of_32001_chars_is_rejected_with_param_prompt()
    {
        var result = GenerationRules.Prompt(new string('a', 32_001));
        Assert.False(result.IsOk);
        Assert.Equal("prompt", result.Error?.Param);
    }

    [Fact]
    public void Prompt_length_is_counted_after_trimming()
    {
        var result = GenerationRules.Prompt("   " + new string('a', 32_000) + "   ");
        Assert.True(result.IsOk);
        Assert.Equal(32_000, result.Value?.Length);
    }

    [Fact]
    public void Plain_generate_request_passes()
    {
        Assert.Null(GenerationRules.Check(Generate()));
    }

    [Fact]
    public void Edit_without_image_urls_is_rejected()
    {
        var error = GenerationRules.Check(Edit());
        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("image_urls", error.Param);
    }

    [Fact]
    public void Generate_with_image_urls_is_rejected()
    {
        var error = GenerationRules.Check(Generate() with { ImageUrls = Urls(1) });
        Assert.NotNull(error);
        Assert.Equal("image_urls", error.Param);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void Edit_with_1_to_16_image_urls_is_accepted(int count)
    {
        Assert.Null(GenerationRules.Check(Edit(Urls(count))));
    }

    [Fact]
    public void Edit_with_17_image_urls_is_rejected()
    {
        var error = GenerationRules.Check(Edit(Urls(17)));
        Assert.NotNull(error);
        Assert.Equal("image_urls", error.Param);
        Assert.Contains("16", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x/y.png")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("javascript:alert(1)")]
    [InlineData("img.example.com/a.png")]
    [InlineData("")]
    public void Edit_with_non_http_image_url_is_rejected(string url)
    {
        var error = GenerationRules.Check(Edit("https://img.example.com/ok.png", url));
        Assert.NotNull(error);
        Assert.Equal("image_urls", error.Param);
    }

    [Theory]
    [InlineData("http://img.example.com/a.png")]
    [InlineData("https://img.example.com/a.png?x=1")]
    [InlineData("HTTPS://IMG.EXAMPLE.COM/A.PNG")]
    public void Edit_with_http_or_https_image_url_is_accepted(string url)
    {
        Assert.Null(GenerationRules.Check(Edit(url)));
    }

    [Fact]
    public void Image_url_longer_than_2048_chars_is_rejected()
    {
        var prefix = "https://img.example.com/";
        var url = prefix + new string('a', 2049 - prefix.Length);
        Assert.Equal(2049, url.Length);
        var error = GenerationRules.Check(Edit(url));
        Assert.NotNull(error);
        Assert.Equal("image_urls", error.Param);
    }

    [Theory]
    [InlineData("https://hooks.example.com/easel")]
    [InlineData("http://hooks.example.com:8080/easel")]
    public void Http_or_https_callback_url_is_accepted(string url)
    {
        Assert.Null(GenerationRules.Check(Generate() with { CallbackUrl = url }));
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/easel")]
    [InlineData("file:///tmp/hook")]
    [InlineData("hooks.example.com/easel")]
    [InlineData("")]
    public void Non_http_callback_url_is_rejected_with_param_callback_url(string url)
    {
        var error = GenerationRules.Check(Generate() with { CallbackUrl = url });
        Assert.NotNull(error);
        Assert.Equal("callback_url", error.Param);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-1)]
    public void Image_count_outside_1_to_10_is_rejected(int count)
    {
        var error = GenerationRules.Check(Generate() with { ImageCount = count });
        Assert.NotNull(error);
        Assert.Equal("n", error.Param);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Image_count_of_1_to_10_is_accepted(int count)
    {
        Assert.Null(GenerationRules.Check(Generate() with { ImageCount = count }));
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(3856, 1440)]
    [InlineData(800, 800)]
    [InlineData(2400, 784)]
    public void Invalid_explicit_size_is_rejected_with_param_size(int width, int height)
    {
        var error = GenerationRules.Check(Generate() with { Size = new ImageSize(width, height) });
        Assert.NotNull(error);
        Assert.Equal("size", error.Param);
        Assert.Contains($"{width}x{height}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_explicit_size_passes()
    {
        Assert.Null(GenerationRules.Check(Generate() with { Size = new ImageSize(3840, 2160) }));
    }

    [Fact]
    public void A_transparent_jpeg_is_rejected_with_param_background()
    {
        var error = GenerationRules.Check(Generate() with { Background = Background.Transparent, Format = OutputFormat.Jpeg });
        Assert.NotNull(error);
        Assert.Equal(("background", "a transparent background needs output_format png or webp"), (error.Param, error.Message));
    }

    [Theory]
    [InlineData(Background.Transparent, OutputFormat.Png)]
    [InlineData(Background.Transparent, OutputFormat.Webp)]
    [InlineData(Background.Opaque, OutputFormat.Jpeg)]
    [InlineData(Background.Auto, OutputFormat.Jpeg)]
    public void Backgrounds_a_format_can_carry_pass(Background background, OutputFormat format)
    {
        Assert.Null(GenerationRules.Background(background, format));
        Assert.Null(GenerationRules.Check(Generate() with { Background = background, Format = format }));
    }

    [Theory]
    [InlineData("auto", Background.Auto)]
    [InlineData("opaque", Background.Opaque)]
    [InlineData("transparent", Background.Transparent)]
    public void Background_words_parse(string word, Background expected)
    {
        Assert.True(Backgrounds.TryParse(word, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.Contains(word, Backgrounds.Words);
    }

    [Theory]
    [InlineData("Transparent")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_background_words_do_not_parse(string? word)
    {
        Assert.False(Backgrounds.TryParse(word, out _));
    }

    [Theory]
    [InlineData("gpt-image-2", GenerationModel.Generate)]
    [InlineData("gpt-image-2-edit", GenerationModel.Edit)]
    public void Model_name_round_trips(string name, GenerationModel model)
    {
        Assert.True(GenerationModels.TryParse(name, out var parsed));
        Assert.Equal(model, parsed);
        Assert.Equal(name, model.ToWire());
    }

    [Theory]
    [InlineData("gpt-image-1")]
    [InlineData("GPT-IMAGE-2")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_model_name_is_rejected(string? name)
    {
        Assert.False(GenerationModels.TryParse(name, out _));
    }

    [Fact]
    public void Uploaded_images_count_as_references_for_an_edit()
    {
        Assert.Null(GenerationRules.Check(Edit() with { InputImages = ["input_a.png"], MaskImage = "input_m.png" }));
        Assert.Null(GenerationRules.Check(Edit(Urls(15)) with { InputImages = ["input_a.png"] }));
        Assert.Equal("image_urls", GenerationRules.Check(Edit(Urls(16)) with { InputImages = ["input_a.png"] })?.Param);
    }

    [Fact]
    public void A_generation_takes_no_uploads_and_no_mask()
    {
        Assert.NotNull(GenerationRules.Check(Generate() with { InputImages = ["input_a.png"] }));
        Assert.NotNull(GenerationRules.Check(Generate() with { MaskImage = "input_m.png" }));
    }

    [Fact]
    public void Each_image_of_a_task_has_its_own_seed()
    {
        var request = Generate() with { Seed = 41, ImageCount = 3 };
        Assert.Equal([41L, 42L, 43L], Enumerable.Range(0, 3).Select(request.SeedOf));
    }
}
