namespace Easel.Core;

public enum TaskState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>The task state machine: <c>queued → running → succeeded | failed | canceled</c>; terminal states never change.</summary>
public static class TaskStates
{
    public static bool IsTerminal(this TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Canceled;

    public static bool CanMove(TaskState from, TaskState to) => (from, to) switch
    {
        (TaskState.Queued, TaskState.Running or TaskState.Failed or TaskState.Canceled) => true,
        // A running task whose lease expired goes back to the queue.
        (TaskState.Running, TaskState.Queued or TaskState.Succeeded or TaskState.Failed or TaskState.Canceled) => true,
        _ => false,
    };

    public static string ToWire(this TaskState state) => state switch
    {
        TaskState.Queued => "queued",
        TaskState.Running => "running",
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => "failed",
        _ => "canceled",
    };

    public static TaskState Parse(string text) => text switch
    {
        "queued" => TaskState.Queued,
        "running" => TaskState.Running,
        "succeeded" => TaskState.Succeeded,
        "failed" => TaskState.Failed,
        "canceled" => TaskState.Canceled,
        _ => throw new FormatException($"unknown task state '{text}'"),
    };
}
