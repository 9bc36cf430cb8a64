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
    Conflict,
    IdempotencyInFlight,
    IdempotencyMismatch,
    RateLimited,
    Internal,
}

public sealed record RequestError(ErrorKind Kind, string Message, string? Param = null)
{
    public static RequestError Invalid(string message, string? param = null) => new(ErrorKind.InvalidRequest, message, param);

    public static RequestError NotFound(string message) => new(ErrorKind.NotFound, message);
}

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
