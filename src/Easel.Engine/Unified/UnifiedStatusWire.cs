using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Easel.Engine.Unified;

/// <summary>Every answer of the native (unified) API: <c>{"code":200,"data":…}</c>.</summary>
public sealed record UnifiedEnvelope<T>(int Code, T Data);

public sealed record UnifiedFile(string FileUrl, string FileType);

/// <summary>A task as the native API shows it: the status answer's <c>data</c>, and (in its envelope) every webhook's body.</summary>
public sealed record UnifiedStatus(
    string TaskId,
    string Status,
    int Progress,
    IReadOnlyList<UnifiedFile> Files,
    string CreatedTime,
    string? ErrorMessage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Test);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UnifiedEnvelope<UnifiedStatus>))]
internal sealed partial class UnifiedStatusJson : JsonSerializerContext
{
    /// <summary>snake_case, and <c>&amp;</c> in file URLs left readable: the body is JSON, never HTML.</summary>
    public static UnifiedStatusJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
