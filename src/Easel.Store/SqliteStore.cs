using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Easel.Store;

/// <summary>The embedded store: one SQLite database in WAL mode. Writes are serialised in-process so they queue instead of spinning on SQLITE_BUSY.</summary>
public sealed partial class SqliteStore : IEaselStore, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    static SqliteStore()
    {
        SQLitePCL.Batteries_V2.Init();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqliteStore(string databasePath, TimeProvider clock)
    {
        _clock = clock;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await WriteAsync(async (c, tx) =>
        {
            await Migrations.ApplyAsync(c, tx, "INTEGER PRIMARY KEY", ct);
            return 0;
        }, ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await work(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction; it commits unless work throws or asks to roll back.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, DbTransaction, Task<T>> work, CancellationToken ct, Func<T, bool>? commitIf = null)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
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
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
