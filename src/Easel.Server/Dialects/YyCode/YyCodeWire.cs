using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Providers.YyCode;
using Easel.Server.Http;

namespace Easel.Server.Dialects.YyCode;

// An image and an error are the vendor's, shared with the provider: Easel.Providers.YyCode.

/// <summary>The JSON body of <c>POST /api/images/generate</c>; the edit sends the same fields as form fields.</summary>
public sealed class YyCodeGenerateRequest
{
    public string? Model { get; set; }

    public string? Prompt { get; set; }

    /// <summary>A number, or a numeric string.</summary>
    public JsonElement? N { get; set; }

    public string? Size { get; set; }

    [JsonPropertyName("output_format")]
    public string? OutputFormat { get; set; }

    public string? Quality { get; set; }

    public string? Background { get; set; }
}

public sealed record YyCodeMeta(string RequestId);

/// <summary>Every YYCode answer: a pending job, a finished one, a failed one, or an error before any job.</summary>
public sealed record YyCodeReply
{
    public required bool Ok { get; init; }

    public bool? Pending { get; init; }

    public YyCodeMeta? Meta { get; init; }

    public string? JobId { get; init; }

    public string? Status { get; init; }

    public YyCodeErrorDetail? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Test { get; init; }
}

/// <summary>A finished job: its images as base64 with their exact type; <c>usage</c> is always null and <c>raw</c> empty, as YYCode sends them.</summary>
public sealed record YyCodeDone(
    IReadOnlyList<YyCodeImage> Images,
    YyCodeMeta Meta,
    string JobId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Test)
{
    public bool Ok => true;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Usage => null;

    public Dictionary<string, string> Raw => [];

    public string Status => "succeeded";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(YyCodeGenerateRequest))]
[JsonSerializable(typeof(YyCodeReply))]
[JsonSerializable(typeof(YyCodeDone))]
public sealed partial class YyCodeJson : JsonSerializerContext
{
    public static YyCodeJson Wire { get; } = new(new JsonSerializerOptions(WireOptions.Create(JsonNamingPolicy.CamelCase))
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
