using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Server.Http;

namespace Easel.Server.Dialects.OpenAi;

/// <summary>The JSON body of <c>POST /v1/images/generations</c>; edits send the same fields as form fields.</summary>
public sealed class OpenAiImageRequest
{
    public string? Model { get; set; }

    public string? Prompt { get; set; }

    public JsonElement? N { get; set; }

    public string? Size { get; set; }

    public string? Quality { get; set; }

    public string? Background { get; set; }

    public string? OutputFormat { get; set; }

    public JsonElement? OutputCompression { get; set; }

    public string? Moderation { get; set; }

    public string? User { get; set; }

    public string? Style { get; set; }

    public JsonElement? Stream { get; set; }

    public JsonElement? PartialImages { get; set; }

    public string? ResponseFormat { get; set; }
}

public sealed record OpenAiImage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? B64Json,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url);

public sealed record OpenAiInputTokensDetails(long TextTokens, long ImageTokens);

/// <summary>Easel bills in credits, not tokens: the token counts are zero.</summary>
public sealed record OpenAiUsage(long TotalTokens, long InputTokens, long OutputTokens, OpenAiInputTokensDetails InputTokensDetails)
{
    public static OpenAiUsage None { get; } = new(0, 0, 0, new OpenAiInputTokensDetails(0, 0));
}

public sealed record OpenAiImagesResponse(
    long Created, IReadOnlyList<OpenAiImage> Data, string Background, string OutputFormat, string Quality, string Size, OpenAiUsage Usage);

/// <summary>One server-sent event of a streamed generation or edit; <c>partial_image_index</c> on partial frames, <c>usage</c> on the completed one.</summary>
public sealed record OpenAiImageEvent(
    string Type,
    string B64Json,
    long CreatedAt,
    string Size,
    string Quality,
    string Background,
    string OutputFormat,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PartialImageIndex,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OpenAiUsage? Usage);

public sealed record OpenAiErrorDetail(string Message, string Type, string? Param, string? Code);

public sealed record OpenAiError(OpenAiErrorDetail Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiImageRequest))]
[JsonSerializable(typeof(OpenAiImagesResponse))]
[JsonSerializable(typeof(OpenAiImageEvent))]
[JsonSerializable(typeof(OpenAiError))]
public sealed partial class OpenAiJson : JsonSerializerContext
{
    public static OpenAiJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
