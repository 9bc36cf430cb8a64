using Easel.Client;

namespace Easel.Cli;

/// <summary>The exit codes scripts can rely on; the README and <c>easel --help</c> list the same.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Authentication = 3;
    public const int InsufficientCredits = 4;
    public const int NotFound = 5;
    public const int RateLimited = 6;

    public const string Help =
        "Exit codes: 0 ok, 1 failure (a task failed, Easel unreachable), 2 usage error or a request Easel refused as invalid, " +
        "3 bad or missing key, 4 insufficient credits, 5 not found, 6 rate limited.";

    /// <summary>The exit code and the one line that says what went wrong.</summary>
    public static (int Code, string Message) Describe(Exception error) => error switch
    {
        EaselAuthenticationException e => (Authentication, $"the key was refused: {e.Message}"),
        EaselPermissionDeniedException e => (Authentication, $"this key may not do that: {e.Message}"),
        EaselInsufficientCreditsException { Needed: { } needed, Available: { } available } =>
            (InsufficientCredits, $"not enough credits: {needed} needed, {available} available"),
        EaselInsufficientCreditsException e => (InsufficientCredits, $"not enough credits: {e.Message}"),
        EaselRateLimitedException { RetryAfter: { } wait } => (RateLimited, $"rate limited: try again in {Math.Ceiling(wait.TotalSeconds)} s"),
        EaselRateLimitedException e => (RateLimited, $"rate limited: {e.Message}"),
        EaselNotFoundException e => (NotFound, $"not found: {e.Message}"),
        EaselInvalidRequestException { Param: { } param } e => (Usage, $"refused: {e.Message} ({param})"),
        EaselInvalidRequestException e => (Usage, $"refused: {e.Message}"),
        EaselTaskFailedException e => (Failure, $"task {e.Task.TaskId} {e.Task.State.ToString().ToLowerInvariant()}: {e.Task.ErrorMessage ?? "no reason given"}"),
        EaselException e => (Failure, e.Message),
        UsageException e => (Usage, e.Message),
        HttpRequestException e => (Failure, $"cannot reach Easel: {e.Message}"),
        TaskCanceledException or TimeoutException => (Failure, "Easel did not answer in time"),
        IOException or UnauthorizedAccessException => (Failure, error.Message),
        _ => (Failure, error.Message),
    };
}

/// <summary>A command used wrongly in a way the parser cannot see (no key anywhere, a file that is not there).</summary>
public sealed class UsageException(string message) : Exception(message);
