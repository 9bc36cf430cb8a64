using System.Text.Json.Serialization;

namespace Easel.Providers.OpenAi;

// OpenAI's Images API JSON. The answer and error types are the one set for both sides: the provider reads them from an
// upstream (fields may be missing), the OpenAI dialect writes them (always whole). Names are snake_case by the contexts.

/// <summary>The body of <c>POST /images/generations</c> that Easel sends an upstream.</summary>
public sealed record OpenAiUpstreamRequest(string Model, string Prompt, int N, string Size, string Quality)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutputFormat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Background { get; init; }
}

/// <summary>The Images API answer; an upstream's <c>b64_json</c> values are streamed out before it is read (left empty).</summary>
public sealed record OpenAiImagesResponse(
    long Created, IReadOnlyList<OpenAiImage>? Data, string? Background, string? OutputFormat, string? Quality, string? Size, OpenAiUsage? Usage);

public sealed record OpenAiImage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? B64Json,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url);

public sealed record OpenAiInputTokensDetails(long TextTokens, long ImageTokens);

public sealed record OpenAiUsage(long TotalTokens, long InputTokens, long OutputTokens, OpenAiInputTokensDetails? InputTokensDetails)
{
    /// <summary>Easel bills in credits, not tokens: the token counts it reports are zero.</summary>
    public static OpenAiUsage None { get; } = new(0, 0, 0, new OpenAiInputTokensDetails(0, 0));
}

/// <summary><c>{"error":{"message","type","param","code"}}</c></summary>
public sealed record OpenAiError(OpenAiErrorDetail? Error);

public sealed record OpenAiErrorDetail(string? Message, string? Type, string? Param, string? Code);

/// <summary>What the provider writes and reads (the default escaping: upstreams get what they always got).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiUpstreamRequest))]
[JsonSerializable(typeof(OpenAiImagesResponse))]
[JsonSerializable(typeof(OpenAiError))]
public sealed partial class OpenAiUpstreamJson : JsonSerializerContext;
