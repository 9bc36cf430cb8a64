using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Engine.Unified;
using Easel.Server.Http;

namespace Easel.Server.Accounts;

/// <summary>A key to create (admin or <c>/api/keys</c>), or new limits for one; limits are optional, 0 removes one.</summary>
public sealed class KeyBody
{
    public string? Name { get; set; }

    public string? Role { get; set; }

    public string? Mode { get; set; }

    public int? RequestsPerMinute { get; set; }

    public int? MaxConcurrentTasks { get; set; }

    public long? DailySpendLimit { get; set; }
}

public sealed record KeyView(
    string Id,
    string AccountId,
    string Name,
    string Prefix,
    string Role,
    string Mode,
    int? RequestsPerMinute,
    int? MaxConcurrentTasks,
    long? DailySpendLimit,
    string CreatedAt,
    string? RevokedAt)
{
    /// <summary>The secret itself: only in the answer that creates the key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }
}

public sealed record KeyList(IReadOnlyList<KeyView> Keys, string? NextCursor);

public sealed record WebhookSecretView(
    string Secret,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreviousSecretValidUntil);

public sealed record WebhookAttemptView(int Number, string AttemptedAt, int? StatusCode, string? Error, long DurationMs);

public sealed record WebhookDeliveryView(
    string WebhookId,
    string TaskId,
    string Url,
    string State,
    int Attempts,
    string? NextAttemptAt,
    string CreatedAt,
    string? FinishedAt,
    IReadOnlyList<WebhookAttemptView> History);

/// <summary>A ledger row: <c>kind</c> is grant, reserve, capture or release; a grant's <c>amount</c> is negative for a debit.</summary>
public sealed record AccountLedgerEntry(long Id, string? TaskId, string Kind, long Amount, string? Reason, string CreatedTime);

public sealed record AccountLedgerPage(IReadOnlyList<AccountLedgerEntry> Entries, string? NextCursor);

/// <summary>One UTC day: the credits captured on it and the images made on it (free ones too, test-mode ones not).</summary>
public sealed record AccountUsageDay(string Date, long Credits, int Images);

public sealed record AccountUsage(IReadOnlyList<AccountUsageDay> Days);

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryView> Deliveries, string? NextCursor);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KeyBody))]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(UnifiedEnvelope<KeyView>))]
[JsonSerializable(typeof(UnifiedEnvelope<KeyList>))]
[JsonSerializable(typeof(KeyList))]
[JsonSerializable(typeof(WebhookSecretView))]
[JsonSerializable(typeof(UnifiedEnvelope<WebhookDeliveryView>))]
[JsonSerializable(typeof(UnifiedEnvelope<WebhookDeliveryList>))]
[JsonSerializable(typeof(UnifiedEnvelope<AccountLedgerPage>))]
[JsonSerializable(typeof(UnifiedEnvelope<AccountUsage>))]
public sealed partial class AccountsJson : JsonSerializerContext
{
    public static AccountsJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
