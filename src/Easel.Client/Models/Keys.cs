using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>What a key may do.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApiKeyRole>))]
public enum ApiKeyRole
{
    /// <summary>May only generate.</summary>
    [JsonStringEnumMemberName("member")]
    Member,

    /// <summary>May also manage the account's keys and rotate its webhook secret.</summary>
    [JsonStringEnumMemberName("owner")]
    Owner,
}

/// <summary>Whether a key's tasks are real and billed, or sandboxed and free.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApiKeyMode>))]
public enum ApiKeyMode
{
    /// <summary>Real upstreams, billed (<c>sk_live_…</c>).</summary>
    [JsonStringEnumMemberName("live")]
    Live,

    /// <summary>The sandbox renderer, free (<c>sk_test_…</c>).</summary>
    [JsonStringEnumMemberName("test")]
    Test,
}

/// <summary>An API key of the account and its limits (null: no limit); the secret itself only in the answer that creates it.</summary>
public sealed record ApiKey : ApiKeyLimits
{
    /// <summary>The key's id, as the key routes take it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The account it belongs to.</summary>
    [JsonPropertyName("account_id")]
    public string AccountId { get; init; } = "";

    /// <summary>Its name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>The secret's first characters, to recognise it by.</summary>
    [JsonPropertyName("prefix")]
    public string Prefix { get; init; } = "";

    /// <summary>What it may do.</summary>
    [JsonPropertyName("role")]
    public ApiKeyRole Role { get; init; }

    /// <summary>Live or test.</summary>
    [JsonPropertyName("mode")]
    public ApiKeyMode Mode { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was revoked; null while it works.</summary>
    [JsonPropertyName("revoked_at")]
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The secret (<c>sk_live_…</c> or <c>sk_test_…</c>): only set by <see cref="KeysClient.CreateAsync"/>, and shown only then.</summary>
    [JsonPropertyName("key")]
    public string? Secret { get; init; }
}

/// <summary>A key to create, with the limits to set (null: none).</summary>
public sealed record NewApiKey : ApiKeyLimits
{
    /// <summary>Its name (at most 200 characters).</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>What it may do; <see cref="ApiKeyRole.Member"/> by default.</summary>
    [JsonPropertyName("role")]
    public ApiKeyRole Role { get; init; }

    /// <summary>Live or test; <see cref="ApiKeyMode.Live"/> by default.</summary>
    [JsonPropertyName("mode")]
    public ApiKeyMode Mode { get; init; }
}

/// <summary>
/// A key's limits. On <see cref="ApiKey"/> null means no limit; given to <see cref="KeysClient.SetLimitsAsync"/>, null keeps a
/// limit as it is and 0 removes it.
/// </summary>
public record ApiKeyLimits
{
    /// <summary>Requests per minute.</summary>
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; init; }

    /// <summary>Tasks unfinished at once.</summary>
    [JsonPropertyName("max_concurrent_tasks")]
    public int? MaxConcurrentTasks { get; init; }

    /// <summary>Credits per UTC day.</summary>
    [JsonPropertyName("daily_spend_limit")]
    public long? DailySpendLimit { get; init; }
}
