using System.Net;

namespace Easel.Client;

/// <summary>Easel refused or failed a request; the subclasses say why. <see cref="Exception.Message"/> is the server's own message.</summary>
public class EaselException : Exception
{
    /// <summary>An error with the server's message, the HTTP status and the error's type word.</summary>
    public EaselException(string message, HttpStatusCode statusCode, string? errorType = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error's type word (<c>invalid_request_error</c>, <c>rate_limited</c>, …), when the answer had one.</summary>
    public string? ErrorType { get; }
}

/// <summary>401: the key is missing, malformed or revoked.</summary>
public sealed class EaselAuthenticationException(string message, string? errorType = null)
    : EaselException(message, HttpStatusCode.Unauthorized, errorType);

/// <summary>403: the key may not do this (a member key on an owner-only route).</summary>
public sealed class EaselPermissionDeniedException(string message, string? errorType = null)
    : EaselException(message, HttpStatusCode.Forbidden, errorType);

/// <summary>402: the account's available credits do not cover the request; nothing was spent.</summary>
public sealed class EaselInsufficientCreditsException(string message, long? needed, long? available, string? errorType = null)
    : EaselException(message, HttpStatusCode.PaymentRequired, errorType)
{
    /// <summary>The credits the request needs, when the server said.</summary>
    public long? Needed { get; } = needed;

    /// <summary>The credits available, when the server said.</summary>
    public long? Available { get; } = available;
}

/// <summary>
/// 429: a limit of the key was reached (requests per minute, unfinished tasks, daily spend). Thrown after the client's retries,
/// or at once when <see cref="RetryAfter"/> is longer than <see cref="EaselClientOptions.MaxRetryAfter"/>.
/// </summary>
public sealed class EaselRateLimitedException(string message, TimeSpan? retryAfter, string? errorType = null)
    : EaselException(message, HttpStatusCode.TooManyRequests, errorType)
{
    /// <summary>How long to wait before trying again (the <c>Retry-After</c> header).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>400 or 413: the request is malformed or breaks a rule; <see cref="Exception.Message"/> says which.</summary>
public sealed class EaselInvalidRequestException(string message, HttpStatusCode statusCode, string? param, string? errorType = null)
    : EaselException(message, statusCode, errorType)
{
    /// <summary>The field at fault (<c>input.size</c>, <c>model</c>, …), when the server named it.</summary>
    public string? Param { get; } = param;
}

/// <summary>404, or 410 for an expired file: no such task, key or file for this account.</summary>
public sealed class EaselNotFoundException(string message, HttpStatusCode statusCode, string? errorType = null)
    : EaselException(message, statusCode, errorType);

/// <summary>
/// 409 or 422: the request conflicts with the current state (canceling an ended task; an <c>Idempotency-Key</c> reused with
/// another body, or still being answered).
/// </summary>
public sealed class EaselConflictException(string message, HttpStatusCode statusCode, string? errorType = null)
    : EaselException(message, statusCode, errorType);

/// <summary>A task that <see cref="EaselClient.GenerateAsync(ImageRequest, IProgress{ImageTaskStatus}?, CancellationToken)"/> waited for ended without images.</summary>
public sealed class EaselTaskFailedException(ImageTask task)
    : EaselException($"task {task.TaskId} {(task.State == ImageTaskState.Canceled ? "was canceled" : "failed: " + task.ErrorMessage)}", HttpStatusCode.OK)
{
    /// <summary>The task as it ended: its <see cref="ImageTask.ErrorCode"/> and <see cref="ImageTaskStatus.ErrorMessage"/> say why.</summary>
    public ImageTask Task { get; } = task;
}
