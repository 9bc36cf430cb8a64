using System.Text.Json.Serialization;

namespace Easel.Providers.Unified;

// The PoYo / APIDot JSON. A file and an error are the one set for both sides: the provider reads them from an upstream,
// the native dialect writes them. The rest differs: an upstream's answer is read as one lenient shape, while the dialect
// writes its success and error envelopes apart and reads clients' requests leniently.

/// <summary><c>POST /api/generate/submit</c>, as Easel sends it to an upstream.</summary>
public sealed record UnifiedUpstreamRequest(string Model, UnifiedUpstreamInput Input);

public sealed record UnifiedUpstreamInput(string Prompt, string Quality, string Size, string Resolution)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ImageUrls { get; init; }
}

/// <summary>An upstream's <c>{"code":200,"data":{…}}</c>, or <c>{"code":N,"error":{"message","type"}}</c>.</summary>
public sealed class UnifiedUpstreamAnswer
{
    public int Code { get; set; }

    public UnifiedUpstreamTask? Data { get; set; }

    public UnifiedError? Error { get; set; }
}

/// <summary>The <c>data</c> of an upstream's submit and status answers.</summary>
public sealed class UnifiedUpstreamTask
{
    public string? TaskId { get; set; }

    public string? Status { get; set; }

    public int? Progress { get; set; }

    public List<UnifiedUpstreamFile>? Files { get; set; }

    public string? ErrorMessage { get; set; }
}

/// <summary>A result file in an upstream's answer (what Easel serves is Easel.Engine.Unified.UnifiedFile).</summary>
public sealed record UnifiedUpstreamFile(string? FileUrl, string? FileType);

public sealed record UnifiedError(string? Message, string? Type);

/// <summary>What the provider writes and reads (the default escaping: upstreams get what they always got).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UnifiedUpstreamRequest))]
[JsonSerializable(typeof(UnifiedUpstreamAnswer))]
public sealed partial class UnifiedUpstreamJson : JsonSerializerContext;
