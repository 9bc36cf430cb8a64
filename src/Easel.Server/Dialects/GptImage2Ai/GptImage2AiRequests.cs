using Easel.Core;

namespace Easel.Server.Dialects.GptImage2Ai;

/// <summary>Parses a GPTImage2.ai body (SPEC §5): its ratio subset, <c>count</c> 1–4, modes, and the prompt composed from its hints.</summary>
public static class GptImage2AiRequests
{
    public const int MaxCount = 4;
    public static readonly string[] Ratios = ["1:1", "16:9", "9:16", "4:3", "3:4"];

    public static Result<GenerationRequest> Parse(GptImage2AiGenerateRequest body, GptImage2AiOptions options, Quality quality)
    {
        if (string.IsNullOrWhiteSpace(body.Prompt))
        {
            return Invalid("prompt_required", "prompt is required", "prompt");
        }
        var imageUrls = body.ImageUrls ?? [];
        var model = body.Mode switch
        {
            null => imageUrls.Count > 0 ? GenerationModel.Edit : GenerationModel.Generate,
            "text-to-image" when imageUrls.Count == 0 => GenerationModel.Generate,
            "image-to-image" => GenerationModel.Edit,
            _ => (GenerationModel?)null,
        };
        if (model is null)
        {
            return Invalid("invalid_mode", "mode must be text-to-image (without imageUrls) or image-to-image", "mode");
        }
        if (model == GenerationModel.Edit && imageUrls.Count == 0)
        {
            return Invalid("image_urls_required", "imageUrls is required for image-to-image", "imageUrls");
        }
        var ratio = body.Ratio ?? "1:1";
        if (!Ratios.Contains(ratio) || !SizePresets.TryResolve(ratio, Resolution.OneK, out var size))
        {
            return Invalid("invalid_ratio", $"ratio must be one of {string.Join(", ", Ratios)}", "ratio");
        }
        if (body.Count is { } count && count is < 1 or > MaxCount)
        {
            return Invalid("invalid_count", $"count must be from 1 to {MaxCount}", "count");
        }
        string? styleText = null;
        if (body.Style is { } style && !options.Styles.TryGetValue(style, out styleText))
        {
            return Invalid("invalid_style", $"unknown style; use one of {string.Join(", ", options.Styles.Keys)}", "style");
        }
        var prompt = GenerationRules.Prompt(FinalPrompt(body.Prompt, styleText, body.Lighting, body.Camera, body.Negative));
        if (!prompt.IsOk)
        {
            return prompt.Error! with { Code = "prompt_too_long" };
        }
        return new GenerationRequest
        {
            Model = model.Value,
            Prompt = prompt.Value!,
            Quality = quality,
            Size = size,
            ImageCount = body.Count ?? 1,
            ImageUrls = imageUrls,
        };
    }

    /// <summary>The prompt, then the style preset's text, then each given hint, one per line.</summary>
    public static string FinalPrompt(string prompt, string? style, string? lighting, string? camera, string? negative)
    {
        var parts = new List<string> { prompt.Trim() };
        void Add(string? prefix, string? text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                parts.Add(prefix + text.Trim());
            }
        }
        Add(null, style);
        Add("Lighting: ", lighting);
        Add("Camera: ", camera);
        Add("Avoid: ", negative);
        return string.Join('\n', parts);
    }

    private static RequestError Invalid(string code, string message, string param) => RequestError.Invalid(message, param) with { Code = code };
}
