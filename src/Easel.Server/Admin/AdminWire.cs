using System.Text.Json.Serialization;

namespace Easel.Server.Admin;

public sealed class CreateAccountBody
{
    public string? Name { get; set; }
}

public sealed class GrantBody
{
    public long? Amount { get; set; }

    public string? Reason { get; set; }
}

/// <summary>Account settings to change; an absent field keeps its value, 0 removes a limit.</summary>
public sealed class AccountSettingsBody
{
    public int? FreeImagesPerDay { get; set; }

    public int? RequestsPerMinute { get; set; }

    public int? MaxConcurrentTasks { get; set; }
}

/// <summary>An account; <c>requests_per_minute</c> and <c>max_concurrent_tasks</c> are the defaults for its keys.</summary>
public sealed record AdminAccount(
    string Id,
    string Name,
    long Balance,
    long Reserved,
    long Available,
    int FreeImagesPerDay,
    int FreeImagesLeftToday,
    int? RequestsPerMinute,
    int? MaxConcurrentTasks,
    string CreatedAt);

public sealed record AdminAccountList(IReadOnlyList<AdminAccount> Accounts, string? NextCursor);

public sealed record AdminTask(
    string Id, string AccountId, string Dialect, string Model, string State, bool Test, long Reserved, long? Captured,
    string? ErrorCode, string? ErrorMessage, int Files, string CreatedAt, string? FinishedAt);

public sealed record AdminTaskList(IReadOnlyList<AdminTask> Tasks, string? NextCursor);

public sealed record AdminLedgerEntry(long Id, string? TaskId, string Kind, long Amount, string? Reason, string CreatedAt);

public sealed record AdminLedgerPage(IReadOnlyList<AdminLedgerEntry> Entries, string? NextCursor);

/// <summary>
/// A channel and its health for the whole cluster: <c>in_flight</c> counts the tasks calling it on every node; <c>breaker</c>
/// is <c>closed</c> (healthy), <c>open</c> (kept out until <c>open_until</c>) or <c>half_open</c>, the furthest from healthy
/// of the worker nodes' views, which <c>nodes</c> lists one by one.
/// </summary>
public sealed record AdminChannel(
    string Name, string Type, IReadOnlyList<string> Models, bool Healthy, int Priority, int Weight, int MaxConcurrency, int InFlight,
    string Breaker, int ConsecutiveFailures, string? OpenUntil, IReadOnlyList<AdminChannelNode> Nodes);

/// <summary>One worker node's view of a channel's breaker, as it last published it.</summary>
public sealed record AdminChannelNode(string Node, string Breaker, int ConsecutiveFailures, string? OpenUntil, string SeenAt);

/// <summary>
/// The queue: tasks waiting and running now, and the tasks that ended in each of the last 60 minutes (oldest first, the
/// current minute last); <c>last_hour</c> is the sum of those minutes.
/// </summary>
public sealed record AdminQueueView(int Queued, int Running, AdminQueueHour LastHour, IReadOnlyList<AdminQueueMinute> PerMinute);

public sealed record AdminQueueHour(int Succeeded, int Failed, int Canceled);

public sealed record AdminQueueMinute(string Minute, int Succeeded, int Failed, int Canceled);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateAccountBody))]
[JsonSerializable(typeof(GrantBody))]
[JsonSerializable(typeof(AccountSettingsBody))]
[JsonSerializable(typeof(AdminAccount))]
[JsonSerializable(typeof(AdminAccountList))]
[JsonSerializable(typeof(AdminTaskList))]
[JsonSerializable(typeof(AdminLedgerPage))]
[JsonSerializable(typeof(IReadOnlyList<AdminChannel>))]
[JsonSerializable(typeof(AdminQueueView))]
public sealed partial class AdminJson : JsonSerializerContext
{
    public static AdminJson Wire { get; } = new(Http.WireOptions.Create(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
}
