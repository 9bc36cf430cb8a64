using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Easel.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Easel.Server.Http;

/// <summary>Reads a JSON request body under a size cap, turning every way it can be wrong into a <see cref="RequestError"/>.</summary>
public static class RequestBody
{
    public const int MaxJsonBytes = 1024 * 1024;

    public static async Task<Result<byte[]>> ReadJsonBytesAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new RequestError(ErrorKind.InvalidRequest, "Content-Type must be application/json", "Content-Type");
        }
        if (request.ContentLength > MaxJsonBytes)
        {
            return TooLarge();
        }
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = MaxJsonBytes + 1;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxJsonBytes)
                {
                    return TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        return buffer.ToArray();
    }

    public static async Task<Result<T>> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        var bytes = await ReadJsonBytesAsync(request, ct);
        return bytes.IsOk ? Parse(bytes.Value!, type) : bytes.Error!;
    }

    public static Result<T> Parse<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) is { } value ? value : RequestError.Invalid("the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            return RequestError.Invalid($"the request body is not valid JSON for this endpoint{where}");
        }
    }

    private static RequestError TooLarge() => new(ErrorKind.PayloadTooLarge, $"the request body must be at most {MaxJsonBytes / 1024} KB");
}
