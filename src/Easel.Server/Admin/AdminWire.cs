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

public sealed class CreateKeyBody
{
    public string? Name { get; set; }

    public string? Role { get; set; }

    public string? Mode { get; set; }
}

public sealed record AdminAccount(string Id, string Name, long Balance, long Reserved, long Available, string CreatedAt);

public sealed record AdminAccountList(IReadOnlyList<AdminAccount> Accounts, string? NextCursor);

public sealed record AdminKey(string Id, string AccountId, string Name, string Prefix, string Role, string Mode, string CreatedAt, string? RevokedAt)
{
    /// <summary>The secret itself: only in the answer that creates the key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }
}

public sealed record AdminTask(
    string Id, string AccountId, string Dialect, string Model, string State, bool Test, long Reserved, long? Captured,
    string? ErrorCode, string? ErrorMessage, int Files, string CreatedAt, string? FinishedAt);

public sealed record AdminTaskList(IReadOnlyList<AdminTask> Tasks, string? NextCursor);

public sealed record AdminLedgerEntry(long Id, string? TaskId, string Kind, long Amount, string? Reason, string CreatedAt);

/// <summary>A channel and its health: <c>breaker</c> is <c>closed</c> (healthy), <c>open</c> (kept out until <c>open_until</c>) or <c>half_open</c>.</summary>
public sealed record AdminChannel(
    string Name, string Type, IReadOnlyList<string> Models, bool Healthy, int Priority, int Weight, int MaxConcurrency, int InFlight,
    string Breaker, int ConsecutiveFailures, string? OpenUntil);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateAccountBody))]
[JsonSerializable(typeof(GrantBody))]
[JsonSerializable(typeof(CreateKeyBody))]
[JsonSerializable(typeof(AdminAccount))]
[JsonSerializable(typeof(AdminAccountList))]
[JsonSerializable(typeof(AdminKey))]
[JsonSerializable(typeof(AdminTaskList))]
[JsonSerializable(typeof(IReadOnlyList<AdminLedgerEntry>))]
[JsonSerializable(typeof(IReadOnlyList<AdminChannel>))]
public sealed partial class AdminJson : JsonSerializerContext
{
    public static AdminJson Wire { get; } = new(Http.WireOptions.Create(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
}
