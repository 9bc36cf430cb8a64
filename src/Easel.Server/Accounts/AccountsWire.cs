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

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KeyBody))]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(UnifiedEnvelope<KeyView>))]
[JsonSerializable(typeof(UnifiedEnvelope<KeyList>))]
[JsonSerializable(typeof(KeyList))]
[JsonSerializable(typeof(WebhookSecretView))]
[JsonSerializable(typeof(UnifiedEnvelope<WebhookDeliveryView>))]
public sealed partial class AccountsJson : JsonSerializerContext
{
    public static AccountsJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
