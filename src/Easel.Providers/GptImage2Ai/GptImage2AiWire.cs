using System.Text.Json.Serialization;

namespace Easel.Providers.GptImage2Ai;

/// <summary><c>POST /api/generate</c> (GPTImage2.ai).</summary>
public sealed record GptImage2AiGenerateRequest(string Prompt, string Mode, int Count)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ratio { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ImageUrls { get; init; }
}

/// <summary>The create and poll answers: <c>{"jobId","status","results","error","balance"}</c>; errors are <c>{"error":"code"}</c>.</summary>
public sealed class GptImage2AiJob
{
    public string? JobId { get; set; }

    public string? Status { get; set; }

    public List<GptImage2AiResult>? Results { get; set; }

    public string? Error { get; set; }
}

public sealed class GptImage2AiResult
{
    public string? ImageUrl { get; set; }

    public string? FinalPrompt { get; set; }

    public string? Seed { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GptImage2AiGenerateRequest))]
[JsonSerializable(typeof(GptImage2AiJob))]
public sealed partial class GptImage2AiJson : JsonSerializerContext;
