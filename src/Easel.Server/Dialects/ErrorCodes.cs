using Easel.Core;

namespace Easel.Server.Dialects;

/// <summary>The HTTP status and code word of each kind of error, for dialects whose errors carry a code (GPTImage2.ai, YYCode).</summary>
public static class ErrorCodes
{
    public static (int Status, string Code) Of(RequestError error) => error.Kind switch
    {
        ErrorKind.InvalidRequest => (400, "invalid_request"),
        ErrorKind.PayloadTooLarge => (413, "payload_too_large"),
        ErrorKind.Authentication => (401, "unauthorized"),
        ErrorKind.PermissionDenied => (403, "forbidden"),
        ErrorKind.InsufficientCredits => (402, "insufficient_credits"),
        ErrorKind.NotFound => (404, "not_found"),
        ErrorKind.MethodNotAllowed => (405, "method_not_allowed"),
        ErrorKind.Conflict => (409, "conflict"),
        ErrorKind.IdempotencyInFlight => (409, "idempotency_key_in_use"),
        ErrorKind.IdempotencyMismatch => (422, "idempotency_key_reused"),
        ErrorKind.RateLimited => (429, "rate_limited"),
        ErrorKind.Unavailable => (503, "service_unavailable"),
        _ => (500, "internal_error"),
    };
}
