using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Providers.GptImage2Ai;
using Easel.Server.Http;

namespace Easel.Server.Dialects.GptImage2Ai;

// A result is the vendor's, shared with the provider: Easel.Providers.GptImage2Ai.

public sealed class GptImage2AiGenerateRequest
{
    public string? Prompt { get; set; }

    public string? Mode { get; set; }

    public string? Ratio { get; set; }

    public int? Count { get; set; }

    public List<string>? ImageUrls { get; set; }

    public string? Style { get; set; }

    public string? Lighting { get; set; }

    public string? Camera { get; set; }

    public string? Negative { get; set; }
}

public sealed record GptImage2AiBalance(long PaidCredits, int FreeImagesRemaining, int TotalImages, int FreeImagesPerDay);

public sealed record GptImage2AiJob(
    string JobId,
    string Status,
    IReadOnlyList<GptImage2AiResult>? Results,
    string? Error,
    GptImage2AiBalance? Balance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Test);

/// <summary>Errors: a machine-readable <c>error</c> code, and a <c>message</c> for people.</summary>
public sealed record GptImage2AiError(string Error, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GptImage2AiGenerateRequest))]
[JsonSerializable(typeof(GptImage2AiJob))]
[JsonSerializable(typeof(GptImage2AiError))]
public sealed partial class GptImage2AiJson : JsonSerializerContext
{
    public static GptImage2AiJson Wire { get; } = new(new JsonSerializerOptions(WireOptions.Create(JsonNamingPolicy.CamelCase))
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
