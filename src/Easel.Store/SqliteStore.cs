using System.Collections.Concurrent;
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
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private SqliteConnection? _writer;

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

    private const int MaxIdleReaders = 32;

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

    /// <summary>Reads run on long-lived connections, opened (and set up) once and then reused.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
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

    /// <summary>Runs <paramref name="work"/> in one immediate transaction on the single writer connection; it commits unless work throws or asks to roll back.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, DbTransaction, Task<T>> work, CancellationToken ct, Func<T, bool>? commitIf = null)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            _writer ??= await OpenAsync(ct);
            await using var tx = await _writer.BeginTransactionAsync(CancellationToken.None);
            var result = await work(_writer, tx);
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
