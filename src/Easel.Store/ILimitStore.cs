namespace Easel.Store;

/// <summary>
/// Limits that hold for the whole cluster, and the shared view of the channels: a key's requests per minute, a channel's
/// concurrency slots, each node's breaker view, and the leases of work one node at a time does. Times are the database's.
/// </summary>
public interface ILimitStore
{
    /// <summary>Counts one request of the key; null if it is allowed, otherwise the whole seconds until one will be.</summary>
    Task<int?> TakeRequestAsync(string keyId, int perMinute, CancellationToken ct);

    /// <summary>
    /// Takes one of the channel's <paramref name="maxConcurrency"/> slots for the running task (it keeps one it holds
    /// already, and gives up one it holds on another channel) and, in the same transaction, writes down the call it is
    /// about to make when <paramref name="mark"/> is given. Fenced on the task's lease.
    /// </summary>
    Task<ChannelEntry> EnterChannelAsync(string taskId, string owner, string channel, int maxConcurrency, UpstreamMark? mark, TimeSpan lease, CancellationToken ct);

    /// <summary>Tasks now holding a slot, by channel, on every node.</summary>
    Task<IReadOnlyDictionary<string, int>> GetChannelsInFlightAsync(CancellationToken ct);

    /// <summary>Writes this node's view of its channels' breakers.</summary>
    Task PublishChannelHealthAsync(string node, IReadOnlyList<ChannelHealth> views, CancellationToken ct);

    /// <summary>Every node's view of the channels' breakers, as last published within <paramref name="freshness"/>.</summary>
    Task<IReadOnlyList<NodeChannelHealth>> GetChannelHealthAsync(TimeSpan freshness, CancellationToken ct);

    /// <summary>Takes or extends the named lease for <paramref name="owner"/>; false while another owner holds it.</summary>
    Task<bool> HoldNodeLeaseAsync(string name, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Forgets what no longer limits anything: fully refilled request allowances and stale breaker views.</summary>
    Task PruneLimitsAsync(TimeSpan staleAfter, CancellationToken ct);
}

public enum ChannelEntry
{
    Entered,

    /// <summary>Every slot is held by another task; try again when one ends.</summary>
    Full,

    /// <summary>The task is no longer running under this owner: canceled, ended or taken over.</summary>
    LeaseLost,
}

/// <summary>A node's view of one channel's breaker.</summary>
public sealed record ChannelHealth(string Channel, string Breaker, int ConsecutiveFailures, DateTimeOffset? OpenUntil);

public sealed record NodeChannelHealth(string Node, ChannelHealth Health, DateTimeOffset SeenAt);
