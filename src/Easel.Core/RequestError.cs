namespace Easel.Core;

/// <summary>The kinds of expected failure; each dialect renders them in its own shape.</summary>
public enum ErrorKind
{
    InvalidRequest,
    PayloadTooLarge,
    Authentication,
    PermissionDenied,
    InsufficientCredits,
    NotFound,

    /// <summary>The route exists, but not for this HTTP method (405, with <c>Allow</c>).</summary>
    MethodNotAllowed,
    Conflict,
    IdempotencyInFlight,
    IdempotencyMismatch,
    RateLimited,

    /// <summary>Easel cannot serve now (its database is unreachable, say); nothing was changed, and a retry may succeed.</summary>
    Unavailable,
    Internal,
}

/// <summary>An expected failure; <paramref name="RetryAfterSeconds"/> is sent as <c>Retry-After</c> by every dialect.</summary>
public sealed record RequestError(ErrorKind Kind, string Message, string? Param = null, int? RetryAfterSeconds = null)
{
    /// <summary>A machine-readable code for dialects whose errors carry one; each dialect falls back to its own code for <see cref="Kind"/>.</summary>
    public string? Code { get; init; }

    /// <summary>For <see cref="ErrorKind.InsufficientCredits"/>: what the request needs and what the account has free.</summary>
    public CreditShortfall? Shortfall { get; init; }

    public static RequestError Invalid(string message, string? param = null) => new(ErrorKind.InvalidRequest, message, param);

    public static RequestError NotFound(string message) => new(ErrorKind.NotFound, message);

    public static RequestError RateLimited(string message, int retryAfterSeconds) =>
        new(ErrorKind.RateLimited, message, RetryAfterSeconds: Math.Max(1, retryAfterSeconds));
}

/// <summary>Credits a request needs against those its account has available.</summary>
public sealed record CreditShortfall(long Needed, long Available);

/// <summary>A value or the expected error that prevented it.</summary>
public readonly struct Result<T>
{
    private Result(T? value, RequestError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public RequestError? Error { get; }

    public bool IsOk => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(RequestError error) => new(default, error);
}
