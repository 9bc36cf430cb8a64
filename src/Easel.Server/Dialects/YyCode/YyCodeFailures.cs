using Easel.Core;
using Easel.Store;

namespace Easel.Server.Dialects.YyCode;

/// <summary>The <c>error</c> of a failed job (SPEC §6): YYCode's codes are free-form, so each failure shows Easel's own word.</summary>
public static class YyCodeFailures
{
    public static (string Message, string Code) ErrorOf(TaskRecord task) => task.State == TaskState.Canceled
        ? ("the job was canceled before it finished; nothing was charged", FailureCode.Canceled.ToWire())
        : (task.ErrorMessage ?? "the job failed", CodeWord(task.ErrorCode));

    public static string CodeWord(FailureCode? code) => code switch
    {
        null => "failed",
        { } known => known.ToWire(),
    };
}
