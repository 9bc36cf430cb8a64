using System.Text.Json.Serialization;

namespace Easel.Providers.Unified;

/// <summary><c>POST /api/generate/submit</c> (PoYo, APIDot).</summary>
public sealed record UnifiedSubmitRequest(string Model, UnifiedInput Input);

public sealed record UnifiedInput(string Prompt, string Quality, string Size, string Resolution)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ImageUrls { get; init; }
}

/// <summary><c>{"code":200,"data":{…}}</c>, or <c>{"code":N,"error":{"message","type"}}</c>.</summary>
public sealed class UnifiedEnvelope
{
    public int Code { get; set; }

    public UnifiedTask? Data { get; set; }

    public UnifiedError? Error { get; set; }
}

public sealed class UnifiedTask
{
    public string? TaskId { get; set; }

    public string? Status { get; set; }

    public int? Progress { get; set; }

    public List<UnifiedFile>? Files { get; set; }

    public string? ErrorMessage { get; set; }
}

public sealed class UnifiedFile
{
    public string? FileUrl { get; set; }

    public string? FileType { get; set; }
}

public sealed class UnifiedError
{
    public string? Message { get; set; }

    public string? Type { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UnifiedSubmitRequest))]
[JsonSerializable(typeof(UnifiedEnvelope))]
public sealed partial class UnifiedJson : JsonSerializerContext;
