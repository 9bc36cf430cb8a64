using Easel.Core;

namespace Easel.Store;

public enum KeyRole
{
    Owner,
    Member,
}

public enum KeyMode
{
    Live,
    Test,
}

public static class KeyWords
{
    public static string ToWire(this KeyRole role) => role == KeyRole.Owner ? "owner" : "member";

    public static string ToWire(this KeyMode mode) => mode == KeyMode.Test ? "test" : "live";
}

public sealed record Account(string Id, string Name, DateTimeOffset CreatedAt, long Balance, long Reserved)
{
    public long Available => Balance - Reserved;

    /// <summary>Images per UTC day this account gets before paid credits are used (SPEC §3).</summary>
    public int FreeImagesPerDay { get; init; }

    /// <summary>Free images still unused today (reserved ones count as used until their task ends).</summary>
    public int FreeImagesLeftToday { get; init; }

    /// <summary>Limits for the account's keys that set none of their own.</summary>
    public KeyLimits DefaultKeyLimits { get; init; } = KeyLimits.None;
}

/// <summary>What one key may do; null means no limit. <see cref="DailySpendLimit"/> is in credits per UTC day.</summary>
public sealed record KeyLimits(int? RequestsPerMinute, int? MaxConcurrentTasks, long? DailySpendLimit)
{
    public static readonly KeyLimits None = new(null, null, null);

    /// <summary>These limits, with the account's defaults where these set none.</summary>
    public KeyLimits Over(KeyLimits defaults) => new(
        RequestsPerMinute ?? defaults.RequestsPerMinute, MaxConcurrentTasks ?? defaults.MaxConcurrentTasks, DailySpendLimit ?? defaults.DailySpendLimit);
}

/// <summary>Changes to an account's settings; null leaves a setting as it is, 0 removes a limit.</summary>
public sealed record AccountSettings(int? FreeImagesPerDay, int? RequestsPerMinute, int? MaxConcurrentTasks);

public sealed record ApiKey(
    string Id, string AccountId, string Name, string Prefix, KeyRole Role, KeyMode Mode, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The key's own limits (the account's defaults apply where these are null).</summary>
    public KeyLimits Limits { get; init; } = KeyLimits.None;
}

/// <summary>Who is calling: what an authenticated API key grants.</summary>
public sealed record Caller(string AccountId, string KeyId, KeyRole Role, KeyMode Mode)
{
    public bool IsTest => Mode == KeyMode.Test;

    /// <summary>The limits in force: the key's own, else the account's defaults.</summary>
    public KeyLimits Limits { get; init; } = KeyLimits.None;
}

public sealed record LedgerEntry(long Id, string AccountId, string? TaskId, string Kind, long Amount, string? Reason, DateTimeOffset CreatedAt);

public sealed record TaskRecord(
    string Id,
    string AccountId,
    string KeyId,
    string Dialect,
    GenerationModel Model,
    TaskState State,
    bool Test,
    long Reserved,
    long? Captured,
    int Progress,
    FailureCode? ErrorCode,
    string? ErrorMessage,
    IReadOnlyList<StoredFile> Files,
    int Attempts,
    string? LeaseOwner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>How many of the task's images come out of the account's free images of the day (not charged).</summary>
    public int FreeImages { get; init; }

    /// <summary>Base URL for the file links in the task's webhook body (the one it was submitted through).</summary>
    public string? FileBase { get; init; }

    /// <summary>The quality a succeeded task was made at; what its capture was priced at.</summary>
    public Quality? ResolvedQuality { get; init; }
}

/// <summary>A task leased to a runner, with the request it is to carry out (only runners read it, so status reads skip it).</summary>
public sealed record ClaimedTask(TaskRecord Task, GenerationRequest Request)
{
    /// <summary>The upstream call an earlier attempt left in flight, if any.</summary>
    public UpstreamMark? Upstream { get; init; }
}

/// <summary>
/// A task's call to an upstream channel: written before the request is sent, with the upstream's job id once it answers
/// (async upstreams). After a crash it says which channel may already be working on (and charging for) the task.
/// </summary>
public sealed record UpstreamMark(string Channel, string? UpstreamTaskId);

/// <summary>A task to write. The store takes free images first and reserves <paramref name="PricePerImage"/> for each of the rest.</summary>
public sealed record NewTask(string Id, Caller Caller, string Dialect, GenerationRequest Request, long PricePerImage)
{
    /// <summary>Base URL for the file links in the task's webhook body.</summary>
    public string? FileBase { get; init; }
}

/// <summary>
/// An output image of a task, kept until <see cref="ExpiresAt"/>; once the sweeper has deleted its bytes
/// (<see cref="DeletedAt"/>) the task still lists it, so its link answers 410 rather than vanishing.
/// </summary>
public sealed record StoredFile(
    BlobKey Key, string TaskId, string AccountId, int Position, long ByteCount,
    int Width, int Height, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? DeletedAt)
{
    public string Id => Key.Id;

    public string ContentType => Key.Format.ContentType();

    /// <summary>Its small preview, kept and swept with it; null when none could be made.</summary>
    public BlobKey? Thumbnail { get; init; }
}

/// <summary>An image uploaded with a request, stored under <see cref="Key"/> until <see cref="ExpiresAt"/>.</summary>
public sealed record InputImage(BlobKey Key, long ByteCount, DateTimeOffset ExpiresAt)
{
    public string Id => Key.Id;
}

public abstract record SubmitOutcome
{
    public sealed record Created(TaskRecord Task) : SubmitOutcome;

    public sealed record InsufficientCredits(long Available, long Needed) : SubmitOutcome;

    public sealed record TooManyUnfinished(int Limit) : SubmitOutcome;

    public sealed record DailySpendReached(long Limit, long SpentToday, long Needed) : SubmitOutcome;

    /// <summary>Another request holds the <c>Idempotency-Key</c>: it came in at the same moment, or has just finished.</summary>
    public sealed record IdempotencyKeyTaken : SubmitOutcome;
}

/// <summary>The <c>Idempotency-Key</c> a submit claims, in its own transaction, for the task it writes.</summary>
public sealed record IdempotencyLink(string Scope, string Key, string RequestHash);

public abstract record GrantOutcome
{
    public sealed record Granted(Account Account) : GrantOutcome;

    public sealed record WouldGoNegative(long Available) : GrantOutcome;

    public sealed record NoSuchAccount : GrantOutcome;
}

public enum CancelOutcome
{
    Canceled,
    AlreadyTerminal,
    NotFound,
}

public abstract record IdempotencyClaim
{
    /// <summary>No earlier request: go on, then <c>Complete</c> or <c>Abandon</c>.</summary>
    public sealed record Proceed : IdempotencyClaim;

    public sealed record Replay(int Status, string ContentType, byte[] Body) : IdempotencyClaim;

    public sealed record InFlight : IdempotencyClaim;

    public sealed record Mismatch : IdempotencyClaim;
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
