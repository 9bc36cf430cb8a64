using System.Data.Common;
using Dapper;

namespace Easel.Store.Relational;

/// <summary>
/// The store's SQL, shared by the SQLite and PostgreSQL stores: Dapper over plain ADO.NET. Every statement that moves
/// money or changes a state is guarded (its <c>WHERE</c> says what must still hold) or runs under a row lock, so it stays
/// correct with many writers on many nodes. Lease times use the database's clock, <c>easel_now_ms()</c>.
/// </summary>
public abstract partial class SqlStore : IEaselStore
{
    static SqlStore()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    protected SqlStore(TimeProvider clock, SqlDialect dialect)
    {
        Clock = clock;
        Sql = dialect;
    }

    protected SqlDialect Sql { get; }

    /// <summary>The node's clock, for what the node decides: creation times, expiry, the UTC day of limits and free images.</summary>
    protected TimeProvider Clock { get; }

    protected long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public abstract Task MigrateAsync(CancellationToken ct);

    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        try
        {
            return await ReadAsync(c => c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)), ct) == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a connection, outside any transaction.</summary>
    protected abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in one transaction; it commits unless work throws or <paramref name="commitIf"/> says no.</summary>
    protected abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct, Func<T, bool>? commitIf = null);

    /// <summary>The part of <see cref="WriteAsync"/> both databases share, once the transaction is open.</summary>
    protected static async Task<T> CommitUnlessAsync<T>(
        DbConnection connection, DbTransaction tx, Func<DbConnection, DbTransaction, Task<T>> work, Func<T, bool>? commitIf)
    {
        var result = await work(connection, tx);
        if (commitIf is null || commitIf(result))
        {
            await tx.CommitAsync(CancellationToken.None);
        }
        else
        {
            await tx.RollbackAsync(CancellationToken.None);
        }
        return result;
    }
}

/// <summary>Where the two databases' SQL differs.</summary>
/// <param name="LockRow">Appended to a one-row <c>SELECT</c> to lock the row until the transaction ends (SQLite's write transactions lock the whole database already).</param>
/// <param name="SkipLocked">Appended to a claim's inner <c>SELECT</c> so parallel claimers pass over each other's rows.</param>
/// <param name="AnyOf">The membership test for a list parameter: <c>IN @ids</c>, or <c>= ANY(@ids)</c>.</param>
public sealed record SqlDialect(string LockRow, string SkipLocked, Func<string, string> AnyOf);
