using System.Text.Json.Serialization;

namespace Easel.Providers.OpenAi;

/// <summary>The body of <c>POST /images/generations</c> (OpenAI Images API).</summary>
public sealed record OpenAiGenerateRequest(string Model, string Prompt, int N, string Size, string Quality)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutputFormat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Background { get; init; }
}

/// <summary>The Images API answer, with every <c>b64_json</c> already streamed out (left empty).</summary>
public sealed class OpenAiImagesResponse
{
    public long Created { get; set; }

    public List<OpenAiImage> Data { get; set; } = [];

    public string? Background { get; set; }

    public string? OutputFormat { get; set; }

    public string? Quality { get; set; }

    public string? Size { get; set; }

    public OpenAiUsage? Usage { get; set; }
}

public sealed class OpenAiImage
{
    public string? B64Json { get; set; }

    public string? Url { get; set; }

    public string? RevisedPrompt { get; set; }
}

public sealed class OpenAiUsage
{
    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long TotalTokens { get; set; }
}

/// <summary><c>{"error":{"message","type","param","code"}}</c></summary>
public sealed class OpenAiErrorEnvelope
{
    public OpenAiError? Error { get; set; }
}

public sealed class OpenAiError
{
    public string? Message { get; set; }

    public string? Type { get; set; }

    public string? Param { get; set; }

    public string? Code { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiGenerateRequest))]
[JsonSerializable(typeof(OpenAiImagesResponse))]
[JsonSerializable(typeof(OpenAiErrorEnvelope))]
public sealed partial class OpenAiJson : JsonSerializerContext;
