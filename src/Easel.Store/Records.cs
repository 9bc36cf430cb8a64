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
}

public sealed record ApiKey(
    string Id, string AccountId, string Name, string Prefix, KeyRole Role, KeyMode Mode, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Who is calling: what an authenticated API key grants.</summary>
public sealed record Caller(string AccountId, string KeyId, KeyRole Role, KeyMode Mode)
{
    public bool IsTest => Mode == KeyMode.Test;
}

public sealed record LedgerEntry(long Id, string AccountId, string? TaskId, string Kind, long Amount, string? Reason, DateTimeOffset CreatedAt);

/// <summary>A stored output image, as listed on its task.</summary>
public sealed record TaskFile(string Id, string Extension, int Width, int Height, long ExpiresAt);

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
    string? ErrorCode,
    string? ErrorMessage,
    IReadOnlyList<TaskFile> Files,
    int Attempts,
    string? LeaseOwner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A task leased to a runner, with the request it is to carry out (only runners read it, so status reads skip it).</summary>
public sealed record ClaimedTask(TaskRecord Task, GenerationRequest Request);

public sealed record NewTask(string Id, Caller Caller, string Dialect, GenerationRequest Request, long Reservation);

public sealed record StoredFile(
    string Id, string TaskId, string AccountId, int Position, string ContentType, string Extension, long ByteCount,
    int Width, int Height, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? DeletedAt)
{
    public string StorageKey => $"{Id}.{Extension}";
}

/// <summary>An image written to blob storage, ready to be recorded with the task's completion.</summary>
public sealed record NewFile(string Id, OutputFormat Format, long ByteCount, int Width, int Height, DateTimeOffset ExpiresAt);

/// <summary>An image uploaded with a request, stored under <see cref="StorageKey"/> until <see cref="ExpiresAt"/>.</summary>
public sealed record InputImage(string Id, string Extension, long ByteCount, DateTimeOffset ExpiresAt)
{
    public string StorageKey => $"{Id}.{Extension}";
}

public abstract record SubmitOutcome
{
    public sealed record Created(TaskRecord Task) : SubmitOutcome;

    public sealed record InsufficientCredits(long Available, long Needed) : SubmitOutcome;
}

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
