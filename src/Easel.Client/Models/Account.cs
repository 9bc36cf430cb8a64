using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>The account's credits.</summary>
public sealed record AccountBalance
{
    /// <summary>The account's id.</summary>
    [JsonPropertyName("account_id")]
    public required string AccountId { get; init; }

    /// <summary>Credits held, reservations included.</summary>
    [JsonPropertyName("balance")]
    public long Balance { get; init; }

    /// <summary>Credits reserved by tasks that have not ended.</summary>
    [JsonPropertyName("reserved")]
    public long Reserved { get; init; }

    /// <summary>Credits that new tasks may reserve: <see cref="Balance"/> − <see cref="Reserved"/>.</summary>
    [JsonPropertyName("available")]
    public long Available { get; init; }

    /// <summary>Free images left today (UTC), used before paid credits.</summary>
    [JsonPropertyName("free_images_left_today")]
    public int FreeImagesLeftToday { get; init; }
}

/// <summary>One movement of credits; the balance is the sum of the ledger.</summary>
public sealed record LedgerEntry
{
    /// <summary>The entry's id; later entries have larger ids.</summary>
    [JsonPropertyName("id")]
    public required long Id { get; init; }

    /// <summary>The task it belongs to; null for a grant.</summary>
    [JsonPropertyName("task_id")]
    public string? TaskId { get; init; }

    /// <summary><c>grant</c>, <c>reserve</c>, <c>capture</c> or <c>release</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    /// <summary>The credits moved; a grant's amount is negative for a debit.</summary>
    [JsonPropertyName("amount")]
    public long Amount { get; init; }

    /// <summary>The reason given with a grant.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>When it was written.</summary>
    [JsonPropertyName("created_time")]
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One UTC day of use (test-mode images not counted).</summary>
public sealed record UsageDay
{
    /// <summary>The UTC date (<c>yyyy-MM-dd</c>).</summary>
    [JsonPropertyName("date")]
    public required string Date { get; init; }

    /// <summary>Credits captured that day.</summary>
    [JsonPropertyName("credits")]
    public long Credits { get; init; }

    /// <summary>Images made that day, free ones included.</summary>
    [JsonPropertyName("images")]
    public int Images { get; init; }
}

/// <summary>A model the server offers, with its sizes and prices.</summary>
public sealed record ModelInfo
{
    /// <summary>The model's name, as <see cref="ImageRequest.Model"/> takes it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary><c>generate</c> or <c>edit</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    /// <summary>The qualities it takes.</summary>
    [JsonPropertyName("qualities")]
    public IReadOnlyList<string> Qualities { get; init; } = [];

    /// <summary>The resolutions it takes.</summary>
    [JsonPropertyName("resolutions")]
    public IReadOnlyList<string> Resolutions { get; init; } = [];

    /// <summary>The sizes it takes by name: <c>auto</c> and the ratio presets (resolved at a resolution).</summary>
    [JsonPropertyName("sizes")]
    public IReadOnlyList<string> Sizes { get; init; } = [];

    /// <summary>True if it also takes <c>WIDTHxHEIGHT</c> sizes (with resolution 2K or 4K).</summary>
    [JsonPropertyName("custom_sizes")]
    public bool CustomSizes { get; init; }

    /// <summary>Credits per image, by quality then billing tier: <c>CreditsPerImage["high"]["2K"]</c> (a size bills at the tier of its pixels, <c>auto</c> as 1K).</summary>
    [JsonPropertyName("credits_per_image")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> CreditsPerImage { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>How many input images an edit takes at most; null for models that take none.</summary>
    [JsonPropertyName("max_reference_images")]
    public int? MaxReferenceImages { get; init; }
}
