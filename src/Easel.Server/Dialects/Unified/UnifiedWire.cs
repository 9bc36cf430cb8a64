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

    /// <summary>Present only to be refused: one image per task.</summary>
    public JsonElement? N { get; set; }
}

public sealed record UnifiedErrorEnvelope(int Code, UnifiedErrorDetail Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UnifiedStatus? Data = null);

/// <summary>The vendor's <c>{"message","type"}</c>, plus (an Easel extension) <c>param</c>: the request field at fault, where one is.</summary>
public sealed record UnifiedErrorDetail(string Message, string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Param = null);

public sealed record UnifiedSubmitted(string TaskId, string Status, string CreatedTime);

public sealed record UnifiedTaskList(IReadOnlyList<UnifiedTaskView> Tasks, string? NextCursor);

public sealed record UnifiedAccount(string AccountId, long Balance, long Reserved, long Available, int FreeImagesLeftToday);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UnifiedSubmitRequest))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedSubmitted>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedTaskList>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedTaskView>))]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedAccount>))]
[JsonSerializable(typeof(UnifiedStatus))]
[JsonSerializable(typeof(UnifiedErrorEnvelope))]
public sealed partial class UnifiedJson : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/>, but leaves <c>&amp;</c> in file URLs readable: the body is JSON, never HTML.</summary>
    public static UnifiedJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
