using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Engine.Unified;
using Easel.Providers.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;

namespace Easel.Server.Dialects.Unified;

/// <summary>Renders tasks and errors in the native wire format.</summary>
public static class UnifiedReplies
{
    /// <summary>The native API's time format, which the account and admin routes answer in too.</summary>
    public static string Time(DateTimeOffset time) => UnifiedStatusBody.Time(time);

    /// <summary>The task's status answer: the very bytes its webhook carries.</summary>
    public static JsonReply Status(TaskRecord task, FileUrls urls, string baseUrl) => new(200, UnifiedStatusBody.Render(task, urls, baseUrl));

    public static JsonReply Ok<T>(T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<UnifiedEnvelope<T>> type) =>
        new(200, JsonSerializer.SerializeToUtf8Bytes(new UnifiedEnvelope<T>(200, data), type));

    /// <summary>Declares, for the OpenAPI document, a native route's answer and the statuses it may refuse with.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder route, params int[] errors) =>
        route.Produces<UnifiedEnvelope<T>>().Refuses(errors);

    public static JsonReply Error(RequestError error, UnifiedStatus? current = null)
    {
        var (status, type) = error.Kind switch
        {
            ErrorKind.InvalidRequest => (400, "invalid_request_error"),
            ErrorKind.PayloadTooLarge => (413, "invalid_request_error"),
            ErrorKind.Authentication => (401, "authentication_error"),
            ErrorKind.PermissionDenied => (403, "permission_error"),
            ErrorKind.InsufficientCredits => (402, "insufficient_credits"),
            ErrorKind.NotFound => (404, "not_found_error"),
            ErrorKind.MethodNotAllowed => (405, "invalid_request_error"),
            ErrorKind.Conflict => (409, "conflict_error"),
            ErrorKind.IdempotencyInFlight => (409, "idempotency_error"),
            ErrorKind.IdempotencyMismatch => (422, "idempotency_error"),
            ErrorKind.RateLimited => (429, "rate_limited"),
            ErrorKind.Unavailable => (503, "service_unavailable"),
            _ => (500, "internal_error"),
        };
        var body = new UnifiedErrorEnvelope(status, new UnifiedErrorDetail(error.Message, type, error.Param, error.Shortfall?.Needed, error.Shortfall?.Available), current);
        return JsonReply.ForError(status, JsonSerializer.SerializeToUtf8Bytes(body, UnifiedJson.Wire.UnifiedErrorEnvelope), error);
    }
}
