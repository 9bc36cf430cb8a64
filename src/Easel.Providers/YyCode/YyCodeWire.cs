using System.Text.Json.Serialization;

namespace Easel.Providers.YyCode;

// The YYCode JSON (camelCase, but output_format). An image and an error are the one set for both sides: the provider reads
// them from an upstream, the YYCode dialect writes them. The answers differ: an upstream's is read as one lenient shape,
// while the dialect writes a pending, failed or finished job apart.

/// <summary><c>POST /api/images/generate</c>, as Easel sends it to an upstream; edits send the same fields as multipart form fields.</summary>
public sealed record YyCodeUpstreamRequest(
    string Model, string Prompt, int N, [property: JsonPropertyName("output_format")] string OutputFormat, string Quality, string Background)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Size { get; init; }
}

/// <summary>
/// Every answer of a YYCode upstream: <c>{"ok","pending","jobId","status","images","error","meta"}</c>. The images' <c>b64</c>
/// values are streamed out before this is parsed.
/// </summary>
public sealed class YyCodeUpstreamAnswer
{
    public bool Ok { get; set; }

    public bool Pending { get; set; }

    public string? JobId { get; set; }

    public string? Status { get; set; }

    public List<YyCodeImage>? Images { get; set; }

    public YyCodeErrorDetail? Error { get; set; }
}

public sealed record YyCodeImage(string? B64, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Filename, string? MimeType);

public sealed record YyCodeErrorDetail(string? Message, string? Code);

/// <summary>What the provider writes and reads (the default escaping: upstreams get what they always got).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(YyCodeUpstreamRequest))]
[JsonSerializable(typeof(YyCodeUpstreamAnswer))]
public sealed partial class YyCodeUpstreamJson : JsonSerializerContext;
