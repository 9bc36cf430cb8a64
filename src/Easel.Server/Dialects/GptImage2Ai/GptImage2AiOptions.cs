namespace Easel.Server.Dialects.GptImage2Ai;

/// <summary>The <c>Easel:GptImage2Ai</c> section: the dialect's default quality and its style presets (slug → text added to the prompt).</summary>
public sealed class GptImage2AiOptions
{
    public const string Section = "GptImage2Ai";

    public string Quality { get; set; } = "medium";

    public Dictionary<string, string> Styles { get; set; } = new(StringComparer.Ordinal)
    {
        ["editorial-photo"] = "Style: editorial photograph, natural colour, magazine composition, shallow depth of field.",
        ["studio-product"] = "Style: studio product photograph, seamless backdrop, soft even lighting, crisp detail.",
        ["cinematic"] = "Style: cinematic film still, wide framing, dramatic contrast, subtle film grain.",
    };
}
