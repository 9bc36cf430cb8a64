using System.Text.Json.Serialization;

namespace Easel.Providers.GptImage2Ai;

// The GPTImage2.ai JSON. A result is the one type for both sides: the provider reads it from an upstream, the GPTImage2.ai
// dialect writes it. The job differs: the provider reads only what it needs of an upstream's, the dialect writes its balance
// and Easel's test flag too.

/// <summary><c>POST /api/generate</c>, as Easel sends it to an upstream.</summary>
public sealed record GptImage2AiUpstreamRequest(string Prompt, string Mode, int Count)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ratio { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ImageUrls { get; init; }
}

/// <summary>An upstream's create and poll answers: <c>{"jobId","status","results","error","balance"}</c>; errors are <c>{"error":"code"}</c>.</summary>
public sealed class GptImage2AiUpstreamJob
{
    public string? JobId { get; set; }

    public string? Status { get; set; }

    public List<GptImage2AiResult>? Results { get; set; }

    public string? Error { get; set; }
}

public sealed record GptImage2AiResult(string? ImageUrl, string? FinalPrompt, string? Seed);

/// <summary>What the provider writes and reads (the default escaping: upstreams get what they always got).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GptImage2AiUpstreamRequest))]
[JsonSerializable(typeof(GptImage2AiUpstreamJob))]
public sealed partial class GptImage2AiUpstreamJson : JsonSerializerContext;
