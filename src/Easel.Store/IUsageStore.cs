namespace Easel.Store;

/// <summary>Counts for the account's usage and the operator's queue view, made by the database (grouped there, not read row by row).</summary>
public interface IUsageStore
{
    /// <summary>
    /// The account's last <paramref name="days"/> UTC days, oldest first and ending today, days without use included:
    /// the credits captured on each day and the images of its live tasks that succeeded on it (free ones too).
    /// </summary>
    Task<IReadOnlyList<UsageDay>> GetDailyUsageAsync(string accountId, int days, CancellationToken ct);

    /// <summary>Tasks queued and running now, and the tasks that ended in each of the last 60 minutes (the current one last).</summary>
    Task<QueueStats> GetQueueStatsAsync(CancellationToken ct);

    /// <summary>The cluster's work waiting now, in one cheap read (partial indexes): what the metrics gauges show.</summary>
    Task<Backlog> GetBacklogAsync(CancellationToken ct);
}

/// <summary>Tasks queued and running, and webhook deliveries still to be sent (or retried), across the cluster.</summary>
public sealed record Backlog(long Queued, long Running, long WebhooksPending);

public sealed record UsageDay(DateOnly Date, long Credits, int Images);

/// <summary>The queue now, and its last hour: <see cref="PerMinute"/> holds 60 minutes, the current (unfinished) one last.</summary>
public sealed record QueueStats(int Queued, int Running, IReadOnlyList<QueueMinute> PerMinute)
{
    public int SucceededLastHour => PerMinute.Sum(m => m.Succeeded);

    public int FailedLastHour => PerMinute.Sum(m => m.Failed);

    public int CanceledLastHour => PerMinute.Sum(m => m.Canceled);
}

/// <summary>The tasks that ended in the minute starting at <see cref="Minute"/>, by how they ended.</summary>
public sealed record QueueMinute(DateTimeOffset Minute, int Succeeded, int Failed, int Canceled);
