using System.Text.Json.Serialization;
using Easel.Core;
using Easel.Engine;
using Easel.Engine.Unified;
using Easel.Store;

namespace Easel.Server.Dialects.Unified;

/// <summary>
/// A task as the native task list and task route show it (Easel extensions): the status body's fields, then what was asked
/// for, what it cost, and each file's thumbnail, size and whether it has expired.
/// </summary>
public sealed record UnifiedTaskView(
    string TaskId,
    string Status,
    int Progress,
    IReadOnlyList<UnifiedTaskFile> Files,
    string CreatedTime,
    string? ErrorMessage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Test,
    string? ErrorCode,
    string Model,
    string Dialect,
    string? FinishedTime,
    string? ResolvedQuality,
    UnifiedTaskRequest? Request,
    UnifiedTaskCredits Credits);

public sealed record UnifiedTaskFile(string FileUrl, string FileType, string? ThumbnailUrl, int Width, int Height, bool Expired);

/// <summary>
/// The settings a task was made with, in the native submit's words: <c>ratio</c> and <c>resolution</c> submit the same size
/// again (or <c>size</c> with <c>resolution</c> where the size is no preset).
/// </summary>
/// <param name="RequestedModel">The model name the client sent when it was an alias (the task's <c>model</c> is what it resolved to).</param>
public sealed record UnifiedTaskRequest(
    string? RequestedModel,
    string Prompt,
    string Quality,
    string Size,
    string? Ratio,
    string? Resolution,
    string OutputFormat,
    string Background,
    int N,
    int ReferenceImages,
    IReadOnlyList<string> ImageUrls,
    bool HasMask);

public sealed record UnifiedTaskCredits(long Reserved, long? Captured, int FreeImages);

public static class UnifiedTaskViews
{
    public static UnifiedTaskView Of(TaskRecord task, GenerationRequest? request, FileUrls urls, string baseUrl, DateTimeOffset now)
    {
        var status = UnifiedStatusBody.Of(task, urls, baseUrl);
        return new UnifiedTaskView(
            status.TaskId,
            status.Status,
            status.Progress,
            task.Files.Select(f => new UnifiedTaskFile(
                urls.Sign(baseUrl, f), "image", urls.SignThumbnail(baseUrl, f), f.Width, f.Height, f.DeletedAt is not null || f.ExpiresAt <= now)).ToList(),
            status.CreatedTime,
            status.ErrorMessage,
            status.Test,
            task.ErrorCode?.ToWire(),
            task.Model.ToWire(),
            task.Dialect,
            task.FinishedAt is { } finished ? UnifiedStatusBody.Time(finished) : null,
            task.ResolvedQuality?.ToWire(),
            request is null ? null : RequestOf(request),
            new UnifiedTaskCredits(task.Reserved, task.Captured, task.FreeImages));
    }

    private static UnifiedTaskRequest RequestOf(GenerationRequest request)
    {
        string? ratio = null, resolution = null;
        if (request.Size is { } size && SizePresets.TryFind(size, out var preset, out var presetResolution))
        {
            (ratio, resolution) = (preset, presetResolution.ToWire());
        }
        else if (request.Size is not null)
        {
            resolution = request.Tier.ToWire();
        }
        return new UnifiedTaskRequest(
            request.RequestedModel,
            request.Prompt,
            request.Quality.ToWire(),
            request.Size?.ToString() ?? "auto",
            ratio,
            resolution,
            request.Format.ToWire(),
            request.Background.ToWire(),
            request.ImageCount,
            request.InputImages.Count + request.ImageUrls.Count,
            request.ImageUrls,
            request.MaskImage is not null);
    }
}
