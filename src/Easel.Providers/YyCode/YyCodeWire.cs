using System.Text.Json.Serialization;

namespace Easel.Providers.YyCode;

/// <summary><c>POST /api/images/generate</c> (YYCode); edits send the same fields as multipart form fields.</summary>
public sealed record YyCodeGenerateRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("output_format")] string OutputFormat,
    [property: JsonPropertyName("quality")] string Quality,
    [property: JsonPropertyName("background")] string Background)
{
    [JsonPropertyName("size")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Size { get; init; }
}

/// <summary>
/// Every YYCode answer: <c>{"ok","pending","jobId","status","images","error","meta"}</c>. The images' <c>b64</c> values are
/// streamed out before this is parsed.
/// </summary>
public sealed class YyCodeAnswer
{
    [JsonPropertyName("ok")]
    public bool Ok { get; set; }

    [JsonPropertyName("pending")]
    public bool Pending { get; set; }

    [JsonPropertyName("jobId")]
    public string? JobId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("images")]
    public List<YyCodeImage>? Images { get; set; }

    [JsonPropertyName("error")]
    public YyCodeError? Error { get; set; }
}

public sealed class YyCodeImage
{
    [JsonPropertyName("b64")]
    public string? B64 { get; set; }

    [JsonPropertyName("mimeType")]
    public string? MimeType { get; set; }
}

public sealed class YyCodeError
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }
}

[JsonSerializable(typeof(YyCodeGenerateRequest))]
[JsonSerializable(typeof(YyCodeAnswer))]
public sealed partial class YyCodeJson : JsonSerializerContext;
