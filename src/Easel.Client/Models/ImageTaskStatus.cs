using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>Where a task is: queued, running, or ended in one of three ways (in JSON, the admin API's lower-case words).</summary>
public enum ImageTaskState
{
    /// <summary>Accepted and waiting for a worker (the wire's <c>not_started</c>).</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>Being generated.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Ended with its images (the wire's <c>finished</c>).</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>Ended without images; nothing was charged.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Canceled before it ended (the wire's <c>failed</c> with <c>error_message: "canceled"</c>); nothing was charged.</summary>
    [JsonStringEnumMemberName("canceled")]
    Canceled,
}

/// <summary>A task's status, as the status route, the event stream and webhooks show it.</summary>
public record ImageTaskStatus
{
    /// <summary>The task's id (<c>task_…</c>).</summary>
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    /// <summary>The status word on the wire: <c>not_started</c>, <c>running</c>, <c>finished</c> or <c>failed</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>0–100; 100 once the task has ended.</summary>
    [JsonPropertyName("progress")]
    public int Progress { get; init; }

    /// <summary>The output images once the task has succeeded, at signed URLs that expire (24 h by default).</summary>
    [JsonPropertyName("files")]
    public IReadOnlyList<ImageFile> Files { get; init; } = [];

    /// <summary>When the task was submitted.</summary>
    [JsonPropertyName("created_time")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why the task failed; <c>canceled</c> for a canceled task.</summary>
    [JsonPropertyName("error_message")]
    public string? ErrorMessage { get; init; }

    /// <summary>True for a task submitted with a test key (the sandbox renders it, and it costs nothing).</summary>
    [JsonPropertyName("test")]
    public bool IsTest { get; init; }

    /// <summary>The state, <see cref="Status"/> and the cancel marker read together.</summary>
    [JsonIgnore]
    public ImageTaskState State => Status switch
    {
        "not_started" => ImageTaskState.Queued,
        "running" => ImageTaskState.Running,
        "finished" => ImageTaskState.Succeeded,
        _ when ErrorMessage == "canceled" => ImageTaskState.Canceled,
        _ => ImageTaskState.Failed,
    };

    /// <summary>True once the task has succeeded, failed or been canceled: its status never changes again.</summary>
    [JsonIgnore]
    public bool IsEnded => State is ImageTaskState.Succeeded or ImageTaskState.Failed or ImageTaskState.Canceled;
}

/// <summary>An output image at its signed URL.</summary>
public sealed record ImageFile
{
    /// <summary>The signed URL of the image; it needs no key, and answers 410 once expired.</summary>
    [JsonPropertyName("file_url")]
    public required Uri Url { get; init; }

    /// <summary>Always <c>image</c>.</summary>
    [JsonPropertyName("file_type")]
    public string FileType { get; init; } = "image";

    /// <summary>A signed URL of a small preview (at most 384 px); only in <see cref="ImageTask"/>.</summary>
    [JsonPropertyName("thumbnail_url")]
    public Uri? ThumbnailUrl { get; init; }

    /// <summary>The width in pixels; only in <see cref="ImageTask"/>.</summary>
    [JsonPropertyName("width")]
    public int? Width { get; init; }

    /// <summary>The height in pixels; only in <see cref="ImageTask"/>.</summary>
    [JsonPropertyName("height")]
    public int? Height { get; init; }

    /// <summary>True once the file has expired and its bytes are gone; only in <see cref="ImageTask"/>.</summary>
    [JsonPropertyName("expired")]
    public bool Expired { get; init; }

    /// <summary>The file's name in its URL, with its real extension (<c>file_….png</c>, <c>.jpeg</c>, <c>.webp</c>).</summary>
    [JsonIgnore]
    public string FileName => Path.GetFileName(Url.AbsolutePath);
}
