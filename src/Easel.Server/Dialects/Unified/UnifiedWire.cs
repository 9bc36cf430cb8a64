using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Engine.Unified;
using Easel.Providers.Unified;
using Easel.Server.Http;

namespace Easel.Server.Dialects.Unified;

// A file and an error are the vendor's, shared with the provider: Easel.Providers.Unified.

public sealed class UnifiedSubmitRequest
{
    public string? Model { get; set; }

    public string? CallbackUrl { get; set; }

    public UnifiedInput? Input { get; set; }
}

public sealed class UnifiedInput
{
    public string? Prompt { get; set; }

    public string? Quality { get; set; }

    public string? Size { get; set; }

    public string? Resolution { get; set; }

    public List<string>? ImageUrls { get; set; }

    [Description("Easel extension: png (the default), jpeg or webp")]
    public string? OutputFormat { get; set; }

    [Description("Easel extension: auto (the default), opaque or transparent (with png or webp only)")]
    public string? Background { get; set; }

    /// <summary>Present only to be refused: one image per task.</summary>
    public JsonElement? N { get; set; }
}

/// <summary>The multipart form of a submit, as the OpenAPI document shows it (the route reads the form itself).</summary>
public sealed class UnifiedSubmitForm
{
    [Description("The submit's JSON body, as sent with Content-Type: application/json")]
    public required string Request { get; init; }

    [Description("1 to 16 reference images (PNG, JPEG or WebP), in order; the field may also be named image[]")]
    public required IFormFileCollection Image { get; init; }

    [Description("Optional: a PNG with an alpha channel, the first image's size; transparent pixels mark where to edit")]
    public IFormFile? Mask { get; init; }
}

public sealed record UnifiedErrorEnvelope(int Code, UnifiedErrorDetail Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UnifiedStatus? Data = null);

/// <summary>
/// The vendor's <c>{"message","type"}</c>, plus Easel extensions: <c>param</c>, the request field at fault, where one is; and on a
/// 402 <c>needed</c> and <c>available</c>, the credits the request needs and those the account has free.
/// </summary>
public sealed record UnifiedErrorDetail(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Param = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Needed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Available = null);

public sealed record UnifiedSubmitted(string TaskId, string Status, string CreatedTime);

public sealed record UnifiedTaskList(IReadOnlyList<UnifiedTaskView> Tasks, string? NextCursor);

public sealed record UnifiedAccount(string AccountId, long Balance, long Reserved, long Available, int FreeImagesLeftToday);

public sealed record UnifiedModelList(IReadOnlyList<UnifiedModel> Models);

/// <summary>
/// A model as the native submit takes it: <c>sizes</c> are <c>auto</c> and the ratio presets (resolved at <c>resolution</c>);
/// <c>custom_sizes</c> says <c>WIDTHxHEIGHT</c> is accepted too (with resolution 2K or 4K). <c>credits_per_image</c> is by
/// quality, then billing tier: a size bills at the tier of its pixels (SPEC §2), <c>auto</c> as 1K.
/// </summary>
public sealed record UnifiedModel(
    string Id,
    string Kind,
    IReadOnlyList<string> Qualities,
    IReadOnlyList<string> Resolutions,
    IReadOnlyList<string> Sizes,
    bool CustomSizes,
    Dictionary<string, Dictionary<string, int>> CreditsPerImage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxReferenceImages);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UnifiedSubmitRequest))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedSubmitted>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedTaskList>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedTaskView>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedAccount>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedModelList>))]
[JsonSerializable(typeof(UnifiedStatus))]
[JsonSerializable(typeof(UnifiedErrorEnvelope))]
public sealed partial class UnifiedJson : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/>, but leaves <c>&amp;</c> in file URLs readable: the body is JSON, never HTML.</summary>
    public static UnifiedJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
