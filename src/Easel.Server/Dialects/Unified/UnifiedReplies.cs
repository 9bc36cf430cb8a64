using System.Globalization;
using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Providers.Unified;
using Easel.Server.Http;
using Easel.Store;

namespace Easel.Server.Dialects.Unified;

/// <summary>Renders tasks and errors in the native wire format.</summary>
public static class UnifiedReplies
{
    public static string StatusWord(TaskState state) => state switch
    {
        TaskState.Queued => "not_started",
        TaskState.Running => "running",
        TaskState.Succeeded => "finished",
        _ => "failed",
    };

    public static bool TryParseStatusWord(string word, out TaskState[] states)
    {
        states = word switch
        {
            "not_started" => [TaskState.Queued],
            "running" => [TaskState.Running],
            "finished" => [TaskState.Succeeded],
            "failed" => [TaskState.Failed, TaskState.Canceled],
            _ => [],
        };
        return states.Length > 0;
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static UnifiedStatus Status(TaskRecord task, FileUrls urls, string baseUrl) => new(
        task.Id,
        StatusWord(task.State),
        task.State.IsTerminal() ? 100 : task.Progress,
        task.Files.Select(f => new UnifiedFile(urls.Sign(baseUrl, f), "image")).ToList(),
        Time(task.CreatedAt),
        task.State == TaskState.Canceled ? "canceled" : task.ErrorMessage,
        task.Test);

    public static JsonReply Ok<T>(T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<UnifiedEnvelope<T>> type) =>
        new(200, JsonSerializer.SerializeToUtf8Bytes(new UnifiedEnvelope<T>(200, data), type));

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
            ErrorKind.Conflict => (409, "conflict_error"),
            ErrorKind.IdempotencyInFlight => (409, "idempotency_error"),
            ErrorKind.IdempotencyMismatch => (422, "idempotency_error"),
            ErrorKind.RateLimited => (429, "rate_limited"),
            ErrorKind.Unavailable => (503, "service_unavailable"),
            _ => (500, "internal_error"),
        };
        var body = new UnifiedErrorEnvelope(status, new UnifiedError(error.Message, type), current);
        return JsonReply.ForError(status, JsonSerializer.SerializeToUtf8Bytes(body, UnifiedJson.Wire.UnifiedErrorEnvelope), error);
    }
}
