using System.Text.Json;
using Easel.Providers.GptImage2Ai;
using Easel.Providers.OpenAi;
using Easel.Providers.Unified;
using Easel.Providers.YyCode;

namespace Easel.Providers.Tests;

/// <summary>
/// The exact JSON each provider sends, field order and escaping included (the fake upstreams only read the fields back):
/// upstreams are other people's parsers, so a change here is a change of what Easel says to them.
/// </summary>
public sealed class UpstreamRequestBytesTests
{
    private const string Prompt = "a cat & a \"dog\" <café>";
    private const string EscapedPrompt = """a cat \u0026 a \u0022dog\u0022 \u003Ccaf\u00E9\u003E""";

    [Fact]
    public void OpenAi_generation_body()
    {
        var body = new OpenAiUpstreamRequest("gpt-image-2", Prompt, 2, "1024x1536", "high") { OutputFormat = "webp", Background = "opaque" };
        var bare = new OpenAiUpstreamRequest("gpt-image-2", Prompt, 1, "auto", "auto");

        Assert.Equal(
            $$$"""{"model":"gpt-image-2","prompt":"{{{EscapedPrompt}}}","n":2,"size":"1024x1536","quality":"high","output_format":"webp","background":"opaque"}""",
            JsonSerializer.Serialize(body, OpenAiUpstreamJson.Default.OpenAiUpstreamRequest));
        Assert.Equal(
            $$$"""{"model":"gpt-image-2","prompt":"{{{EscapedPrompt}}}","n":1,"size":"auto","quality":"auto"}""",
            JsonSerializer.Serialize(bare, OpenAiUpstreamJson.Default.OpenAiUpstreamRequest));
    }

    [Fact]
    public void Unified_submit_body()
    {
        var edit = new UnifiedUpstreamRequest("gpt-image-2-edit", new UnifiedUpstreamInput(Prompt, "low", "16:9", "2K") { ImageUrls = ["https://example.com/a.png?x=1&y=2"] });
        var generate = new UnifiedUpstreamRequest("gpt-image-2", new UnifiedUpstreamInput(Prompt, "medium", "auto", "1K"));

        Assert.Equal(
            $$$"""{"model":"gpt-image-2-edit","input":{"prompt":"{{{EscapedPrompt}}}","quality":"low","size":"16:9","resolution":"2K","image_urls":["https://example.com/a.png?x=1\u0026y=2"]}}""",
            JsonSerializer.Serialize(edit, UnifiedUpstreamJson.Default.UnifiedUpstreamRequest));
        Assert.Equal(
            $$$"""{"model":"gpt-image-2","input":{"prompt":"{{{EscapedPrompt}}}","quality":"medium","size":"auto","resolution":"1K"}}""",
            JsonSerializer.Serialize(generate, UnifiedUpstreamJson.Default.UnifiedUpstreamRequest));
    }

    [Fact]
    public void GptImage2Ai_generate_body()
    {
        var edit = new GptImage2AiUpstreamRequest(Prompt, "image-to-image", 3) { Ratio = "4:3", ImageUrls = ["https://example.com/a.png"] };
        var generate = new GptImage2AiUpstreamRequest(Prompt, "text-to-image", 1);

        Assert.Equal(
            $$$"""{"prompt":"{{{EscapedPrompt}}}","mode":"image-to-image","count":3,"ratio":"4:3","imageUrls":["https://example.com/a.png"]}""",
            JsonSerializer.Serialize(edit, GptImage2AiUpstreamJson.Default.GptImage2AiUpstreamRequest));
        Assert.Equal(
            $$$"""{"prompt":"{{{EscapedPrompt}}}","mode":"text-to-image","count":1}""",
            JsonSerializer.Serialize(generate, GptImage2AiUpstreamJson.Default.GptImage2AiUpstreamRequest));
    }

    [Fact]
    public void YyCode_generate_body()
    {
        var sized = new YyCodeUpstreamRequest("gpt-image-2", Prompt, 4, "jpeg", "high", "opaque") { Size = "1536x1024" };
        var auto = new YyCodeUpstreamRequest("gpt-image-2", Prompt, 1, "png", "auto", "auto");

        Assert.Equal(
            $$$"""{"model":"gpt-image-2","prompt":"{{{EscapedPrompt}}}","n":4,"output_format":"jpeg","quality":"high","background":"opaque","size":"1536x1024"}""",
            JsonSerializer.Serialize(sized, YyCodeUpstreamJson.Default.YyCodeUpstreamRequest));
        Assert.Equal(
            $$$"""{"model":"gpt-image-2","prompt":"{{{EscapedPrompt}}}","n":1,"output_format":"png","quality":"auto","background":"auto"}""",
            JsonSerializer.Serialize(auto, YyCodeUpstreamJson.Default.YyCodeUpstreamRequest));
    }
}
