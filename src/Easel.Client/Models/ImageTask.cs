using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>A task in full, as the task route and the task list show it: its status, what was asked for and what it cost.</summary>
public sealed record ImageTask : ImageTaskStatus
{
    /// <summary>The model it ran on (<c>gpt-image-2</c> or <c>gpt-image-2-edit</c>).</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    /// <summary>The API it was submitted through: <c>unified</c> (this client), <c>openai</c>, <c>gptimage2ai</c> or <c>yycode</c>.</summary>
    [JsonPropertyName("dialect")]
    public string Dialect { get; init; } = "";

    /// <summary>When it ended; null while queued or running.</summary>
    [JsonPropertyName("finished_time")]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>A machine-readable reason for a failure (<c>canceled</c>, <c>timeout</c>, <c>invalid_reference_image</c>, …).</summary>
    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    /// <summary>The quality the image was made at (what <c>auto</c> became), once known.</summary>
    [JsonPropertyName("resolved_quality")]
    public ImageQuality? ResolvedQuality { get; init; }

    /// <summary>The settings it was made with; null if they are no longer kept.</summary>
    [JsonPropertyName("request")]
    public ImageTaskRequest? Request { get; init; }

    /// <summary>What it reserved and what it cost.</summary>
    [JsonPropertyName("credits")]
    public ImageTaskCredits Credits { get; init; } = new();
}

/// <summary>The settings a task was made with, in the submit's words.</summary>
public sealed record ImageTaskRequest
{
    /// <summary>The prompt.</summary>
    [JsonPropertyName("prompt")]
    public string Prompt { get; init; } = "";

    /// <summary>The quality asked for.</summary>
    [JsonPropertyName("quality")]
    public ImageQuality Quality { get; init; }

    /// <summary>The size: <c>auto</c> or <c>WIDTHxHEIGHT</c>.</summary>
    [JsonPropertyName("size")]
    public string Size { get; init; } = "auto";

    /// <summary>The ratio preset the size is, if it is one.</summary>
    [JsonPropertyName("ratio")]
    public string? Ratio { get; init; }

    /// <summary>The resolution the size was resolved at, if the size is explicit.</summary>
    [JsonPropertyName("resolution")]
    public ImageResolution? Resolution { get; init; }

    /// <summary>The output format.</summary>
    [JsonPropertyName("output_format")]
    public ImageFormat OutputFormat { get; init; }

    /// <summary>The background asked for.</summary>
    [JsonPropertyName("background")]
    public ImageBackground Background { get; init; }

    /// <summary>How many images the task makes.</summary>
    [JsonPropertyName("n")]
    public int N { get; init; } = 1;

    /// <summary>How many input images it had (URLs and uploads).</summary>
    [JsonPropertyName("reference_images")]
    public int ReferenceImages { get; init; }

    /// <summary>The input images' URLs.</summary>
    [JsonPropertyName("image_urls")]
    public IReadOnlyList<string> ImageUrls { get; init; } = [];

    /// <summary>True if an edit mask was sent.</summary>
    [JsonPropertyName("has_mask")]
    public bool HasMask { get; init; }
}

/// <summary>A task's credits: reserved at submit, captured on success (at the quality produced), released otherwise.</summary>
public sealed record ImageTaskCredits
{
    /// <summary>Credits reserved at submit.</summary>
    [JsonPropertyName("reserved")]
    public long Reserved { get; init; }

    /// <summary>Credits charged; null until the task has ended, 0 for a failed or canceled task.</summary>
    [JsonPropertyName("captured")]
    public long? Captured { get; init; }

    /// <summary>How many of its images were paid for from the account's free images of the day.</summary>
    [JsonPropertyName("free_images")]
    public int FreeImages { get; init; }
}
