using Easel.Core;
using Easel.Store;

namespace Easel.Server.Dialects.GptImage2Ai;

/// <summary>The <c>error</c> word of a failed job (SPEC §5): a machine-readable code, one of the few this dialect's clients know.</summary>
public static class GptImage2AiFailures
{
    public static string ErrorWord(TaskRecord task) => ErrorWord(task.State == TaskState.Canceled ? FailureCode.Canceled : task.ErrorCode);

    public static string ErrorWord(FailureCode? code) => code switch
    {
        FailureCode.Canceled => "canceled",
        FailureCode.Timeout => "timeout",
        FailureCode.InvalidReferenceImage => "invalid_reference_image",
        _ => "upstream_failed",
    };
}
