using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Easel.Store.Relational;
using Microsoft.Data.Sqlite;

namespace Easel.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite database in WAL mode. Write transactions are <c>BEGIN IMMEDIATE</c>, which SQLite itself
/// serialises across connections and processes; this process also queues its own writes on one connection, only so they
/// wait in line instead of spinning on SQLITE_BUSY.
/// </summary>
public sealed class SqliteStore : SqlStore, IDisposable
{
    private static readonly SqlDialect SqliteSql = new(LockRow: "", SkipLocked: "", AnyOf: parameter => $"IN @{parameter}");

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private SqliteConnection? _writer;

    static SqliteStore()
    {
        SQLitePCL.Batteries_V2.Init();
    }

    public SqliteStore(string databasePath, TimeProvider clock)
        : base(clock, SqliteSql)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private const int MaxIdleReaders = 32;

    public override async Task MigrateAsync(CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct))
        {
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }
        await WriteAsync(async (c, tx) =>
        {
            await Migrations.ApplyAsync(c, tx, typeof(SqliteStore).Assembly, ct);
            return 0;
        }, ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            pragma.ExecuteNonQuery();
        }
        // One machine, one clock: the database's clock is this process's.
        connection.CreateFunction("easel_now_ms", () => Now);
        return connection;
    }

    /// <summary>Reads run on long-lived connections, opened (and set up) once and then reused.</summary>
    protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        var connection = _readers.TryTake(out var pooled) ? pooled : await OpenAsync(ct);
        var healthy = false;
        try
        {
            var result = await work(connection);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && _readers.Count < MaxIdleReaders)
            {
                _readers.Add(connection);
            }
            else
            {
                await connection.DisposeAsync();
            }
        }
    }

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct, Func<T, bool>? commitIf = null)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            _writer ??= await OpenAsync(ct);
            await using var tx = _writer.BeginTransaction(deferred: false);
            return await CommitUnlessAsync(_writer, tx, work, commitIf);
        }
        catch (SqliteException)
        {
            // The writer may be broken (I/O error, say): the next write opens a fresh one.
            _writer?.Dispose();
            _writer = null;
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
