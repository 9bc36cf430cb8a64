namespace Easel.Store;

/// <summary>
/// Everything Easel keeps, as one service. Implementations: <c>SqliteStore</c> (embedded default) and <c>PostgresStore</c>
/// (cluster). Every method that moves credits or changes a task's state does both in one transaction, and is correct with
/// many writers at once: it never relies on a lock held by one process.
/// </summary>
public interface IEaselStore : ISettingsStore, IAccountStore, IKeyStore, ITaskStore, IWebhookStore, IIdempotencyStore, IFileStore, ILimitStore, IUsageStore
{
    /// <summary>Applies the migrations not yet applied. Several nodes may start at once: one migrates, the others wait for it.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>Whether the database answers now (for <c>/readyz</c>).</summary>
    Task<bool> IsReachableAsync(CancellationToken ct);
}
