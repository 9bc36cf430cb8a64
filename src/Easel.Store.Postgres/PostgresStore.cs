using System.Data.Common;
using Dapper;
using Easel.Store.Relational;
using Npgsql;

namespace Easel.Store.Postgres;

/// <summary>
/// The cluster store: any number of nodes on one PostgreSQL. Transactions run at READ COMMITTED; what must hold under
/// concurrent writers holds by guarded statements and row locks (<c>FOR NO KEY UPDATE</c>, claims with <c>SKIP LOCKED</c>).
/// </summary>
public sealed class PostgresStore : SqlStore, IAsyncDisposable
{
    private static readonly SqlDialect PostgresSql = new(LockRow: " FOR NO KEY UPDATE", SkipLocked: " FOR UPDATE SKIP LOCKED", AnyOf: parameter => $"= ANY(@{parameter})");

    /// <summary>The advisory lock nodes take to migrate one at a time ("easel" in ASCII).</summary>
    private const long MigrationLock = 0x656173656c;

    /// <summary>How often a transaction that lost a deadlock or serialization race is tried again.</summary>
    private const int MaxTries = 3;

    private readonly NpgsqlDataSource _source;

    public PostgresStore(string connectionString, TimeProvider clock)
        : base(clock, PostgresSql)
    {
        _source = NpgsqlDataSource.Create(connectionString);
    }

    public override Task MigrateAsync(CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            // Nodes starting together queue here; the first applies the scripts, the others then find nothing left to do.
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLock }, tx, cancellationToken: ct));
            await Migrations.ApplyAsync(c, tx, typeof(PostgresStore).Assembly, ct);
            return 0;
        }, ct);

    protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        return await work(connection);
    }

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct, Func<T, bool>? commitIf = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                return await CommitUnlessAsync(connection, tx, work, commitIf);
            }
            catch (PostgresException e) when (attempt < MaxTries && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // The whole transaction was rolled back: running it again is safe.
            }
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
