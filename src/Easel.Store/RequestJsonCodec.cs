using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Core;

namespace Easel.Store;

/// <summary>How a task's neutral request is kept in the store.</summary>
public static class RequestJsonCodec
{
    public static string Serialize(GenerationRequest request) => JsonSerializer.Serialize(request, StoreJsonContext.Default.GenerationRequest);

    public static GenerationRequest Deserialize(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.GenerationRequest)
        ?? throw new InvalidDataException("stored request is empty");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerationRequest))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
