using System.Net;
using System.Text.Json;

namespace Easel.Client.Http;

/// <summary>Turns an error answer (<c>{"code":N,"error":{"message","type"}}</c>, or any other body) into its exception type.</summary>
internal static class ErrorReader
{
    public static async Task<EaselException> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var (message, type, param, needed, available) = Parse(body);
        message ??= $"Easel answered {(int)status} {response.ReasonPhrase}";
        return status switch
        {
            HttpStatusCode.Unauthorized => new EaselAuthenticationException(message, type),
            HttpStatusCode.Forbidden => new EaselPermissionDeniedException(message, type),
            HttpStatusCode.PaymentRequired => new EaselInsufficientCreditsException(message, needed, available, type),
            HttpStatusCode.TooManyRequests => new EaselRateLimitedException(message, RetryAfter(response), type),
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => new EaselInvalidRequestException(message, status, param, type),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new EaselNotFoundException(message, status, type),
            HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => new EaselConflictException(message, status, type),
            _ => new EaselException(message, status, type),
        };
    }

    /// <summary>The <c>Retry-After</c> header, as seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static (string? Message, string? Type, string? Param, long? Needed, long? Available) Parse(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error))
            {
                return default;
            }
            if (error.ValueKind == JsonValueKind.String)
            {
                return (error.GetString(), null, null, null, null);
            }
            return error.ValueKind != JsonValueKind.Object ? default
                : (Text(error, "message"), Text(error, "type"), Text(error, "param"), Number(error, "needed"), Number(error, "available"));
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
