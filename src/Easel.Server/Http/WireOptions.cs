using System.Text.Encodings.Web;
using System.Text.Json;

namespace Easel.Server.Http;

public static class WireOptions
{
    public static JsonSerializerOptions Create(JsonNamingPolicy naming) => new()
    {
        PropertyNamingPolicy = naming,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
