using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Providers.OpenAi;
using Easel.Server.Http;

namespace Easel.Server.Dialects.OpenAi;

// The answer, usage and error types are OpenAI's, shared with the provider: Easel.Providers.OpenAi.

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

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiImageRequest))]
[JsonSerializable(typeof(OpenAiImagesResponse))]
[JsonSerializable(typeof(OpenAiImageEvent))]
[JsonSerializable(typeof(OpenAiError))]
public sealed partial class OpenAiJson : JsonSerializerContext
{
    public static OpenAiJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
