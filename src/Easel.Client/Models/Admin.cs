using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>An account as the operator sees it: its credits, free images and the default limits of its keys.</summary>
public sealed record AdminAccount
{
    /// <summary>The account's id (<c>acct_…</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Its name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Credits held, reservations included.</summary>
    [JsonPropertyName("balance")]
    public long Balance { get; init; }

    /// <summary>Credits reserved by tasks that have not ended.</summary>
    [JsonPropertyName("reserved")]
    public long Reserved { get; init; }

    /// <summary>Credits new tasks may reserve.</summary>
    [JsonPropertyName("available")]
    public long Available { get; init; }

    /// <summary>Free images a day (UTC).</summary>
    [JsonPropertyName("free_images_per_day")]
    public int FreeImagesPerDay { get; init; }

    /// <summary>Free images left today.</summary>
    [JsonPropertyName("free_images_left_today")]
    public int FreeImagesLeftToday { get; init; }

    /// <summary>Requests per minute for its keys that set none; null: no limit.</summary>
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; init; }

    /// <summary>Unfinished tasks at once for its keys that set none; null: no limit.</summary>
    [JsonPropertyName("max_concurrent_tasks")]
    public int? MaxConcurrentTasks { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Account settings to change: a null setting stays as it is, 0 removes a limit (or the free images).</summary>
public sealed record AccountSettings
{
    /// <summary>Free images a day (UTC).</summary>
    [JsonPropertyName("free_images_per_day")]
    public int? FreeImagesPerDay { get; init; }

    /// <summary>Requests per minute for the account's keys that set none.</summary>
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; init; }

    /// <summary>Unfinished tasks at once for the account's keys that set none.</summary>
    [JsonPropertyName("max_concurrent_tasks")]
    public int? MaxConcurrentTasks { get; init; }
}

/// <summary>A task of any account, in short.</summary>
public sealed record AdminTask
{
    /// <summary>The task's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The account it belongs to.</summary>
    [JsonPropertyName("account_id")]
    public string AccountId { get; init; } = "";

    /// <summary>The dialect it was submitted through (<c>unified</c>, <c>openai</c>, …).</summary>
    [JsonPropertyName("dialect")]
    public string Dialect { get; init; } = "";

    /// <summary>The model.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    /// <summary>Its state.</summary>
    [JsonPropertyName("state")]
    [JsonConverter(typeof(JsonStringEnumConverter<ImageTaskState>))]
    public ImageTaskState State { get; init; }

    /// <summary>True for a test key's free sandbox task.</summary>
    [JsonPropertyName("test")]
    public bool IsTest { get; init; }

    /// <summary>Credits reserved at submit.</summary>
    [JsonPropertyName("reserved")]
    public long Reserved { get; init; }

    /// <summary>Credits charged once it succeeded; null until then, and for a task that did not.</summary>
    [JsonPropertyName("captured")]
    public long? Captured { get; init; }

    /// <summary>Why it failed, as a code.</summary>
    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    /// <summary>Why it failed, in words.</summary>
    [JsonPropertyName("error_message")]
    public string? ErrorMessage { get; init; }

    /// <summary>How many files it made.</summary>
    [JsonPropertyName("files")]
    public int FileCount { get; init; }

    /// <summary>When it was submitted.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it ended; null while it has not.</summary>
    [JsonPropertyName("finished_at")]
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>An upstream channel and its health across the cluster.</summary>
public sealed record ChannelHealth
{
    /// <summary>The channel's configured name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Its type (<c>openai</c>, <c>azure</c>, <c>sandbox</c>, …).</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    /// <summary>The models it serves.</summary>
    [JsonPropertyName("models")]
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>True while its breaker is closed.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    /// <summary>Lower is tried first.</summary>
    [JsonPropertyName("priority")]
    public int Priority { get; init; }

    /// <summary>Its share among channels of the same priority.</summary>
    [JsonPropertyName("weight")]
    public int Weight { get; init; }

    /// <summary>Calls at once it may take (0: no limit).</summary>
    [JsonPropertyName("max_concurrency")]
    public int MaxConcurrency { get; init; }

    /// <summary>Tasks calling it now, on every node.</summary>
    [JsonPropertyName("in_flight")]
    public int InFlight { get; init; }

    /// <summary><c>closed</c> (healthy), <c>open</c> or <c>half_open</c>: the furthest from healthy of the nodes' views.</summary>
    [JsonPropertyName("breaker")]
    public string Breaker { get; init; } = "";

    /// <summary>Failures in a row, on the node that saw the most.</summary>
    [JsonPropertyName("consecutive_failures")]
    public int ConsecutiveFailures { get; init; }

    /// <summary>Until when an open breaker keeps it out.</summary>
    [JsonPropertyName("open_until")]
    public DateTimeOffset? OpenUntil { get; init; }
}

/// <summary>Tasks waiting and running now, and those that ended in the last hour.</summary>
public sealed record QueueStatus
{
    /// <summary>Tasks waiting for a worker.</summary>
    [JsonPropertyName("queued")]
    public int Queued { get; init; }

    /// <summary>Tasks being generated.</summary>
    [JsonPropertyName("running")]
    public int Running { get; init; }

    /// <summary>Tasks that ended in the last 60 minutes, by how.</summary>
    [JsonPropertyName("last_hour")]
    public QueueHour LastHour { get; init; } = new();
}

/// <summary>Tasks ended in an hour, by how they ended.</summary>
public sealed record QueueHour
{
    /// <summary>With their images.</summary>
    [JsonPropertyName("succeeded")]
    public int Succeeded { get; init; }

    /// <summary>Without.</summary>
    [JsonPropertyName("failed")]
    public int Failed { get; init; }

    /// <summary>Canceled by their owners.</summary>
    [JsonPropertyName("canceled")]
    public int Canceled { get; init; }
}
