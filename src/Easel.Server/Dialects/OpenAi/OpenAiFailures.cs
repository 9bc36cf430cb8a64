using Easel.Core;
using Easel.Store;

namespace Easel.Server.Dialects.OpenAi;

/// <summary>A task that ended without images, as the Images API's error (SPEC §7): its HTTP status and <c>error</c> object.</summary>
public static class OpenAiFailures
{
    private const string NotGenerated = "the image could not be generated; nothing was charged";

    public static (int Status, RequestError Error) Of(TaskRecord task) =>
        (task.State == TaskState.Canceled ? FailureCode.Canceled : task.ErrorCode) switch
        {
            // The Images API has no cancel: a synchronous caller only sees its answer not coming in time.
            FailureCode.Canceled => (504, Internal("the image was not ready in time; nothing was charged", "timeout")),
            FailureCode.Timeout => (504, Internal(task.ErrorMessage ?? NotGenerated, "timeout")),
            FailureCode.InvalidReferenceImage =>
                (400, RequestError.Invalid(task.ErrorMessage ?? "an input image could not be used", "image") with { Code = "invalid_image" }),
            { } other => (500, Internal(task.ErrorMessage ?? NotGenerated, other.ToWire())),
            null => (500, Internal(task.ErrorMessage ?? NotGenerated, null)),
        };

    private static RequestError Internal(string message, string? code) => new(ErrorKind.Internal, message) { Code = code };
}
