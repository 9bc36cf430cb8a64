using System.Globalization;
using System.Text.Json;
using Easel.Core;
using Easel.Store;

namespace Easel.Engine.Unified;

/// <summary>
/// Renders a task as the native API's status body (SPEC §4). It lives in the engine because a webhook carries that same body
/// (SPEC §9): the status route and the webhook sender both render through here, so the two cannot drift apart.
/// </summary>
public static class UnifiedStatusBody
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

    /// <summary>The native API's times: UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The task, its file links signed on <paramref name="baseUrl"/>.</summary>
    public static UnifiedStatus Of(TaskRecord task, FileUrls urls, string baseUrl) => new(
        task.Id,
        StatusWord(task.State),
        task.State.IsTerminal() ? 100 : task.Progress,
        task.Files.Select(f => new UnifiedFile(urls.Sign(baseUrl, f), "image")).ToList(),
        Time(task.CreatedAt),
        task.State == TaskState.Canceled ? "canceled" : task.ErrorMessage,
        task.Test);

    /// <summary>The whole body, envelope included: the status answer's bytes, and a webhook's.</summary>
    public static byte[] Render(TaskRecord task, FileUrls urls, string baseUrl) =>
        JsonSerializer.SerializeToUtf8Bytes(new UnifiedEnvelope<UnifiedStatus>(200, Of(task, urls, baseUrl)), UnifiedStatusJson.Wire.UnifiedEnvelopeUnifiedStatus);
}
