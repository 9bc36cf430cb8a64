using System.Runtime.CompilerServices;
using Dapper;
using Easel.Core;
using Microsoft.Data.Sqlite;

namespace Easel.Server.MoveUp;

/// <summary>
/// The embedded install being moved: its <c>easel.db</c>, held exclusively for as long as the move runs and read in one
/// transaction, so what is copied is one consistent state and no Easel node can write it meanwhile.
/// </summary>
public sealed class EmbeddedInstall : IAsyncDisposable
{
    public const string DatabaseFile = "easel.db";

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private readonly SqliteConnection _connection;

    private EmbeddedInstall(string dataDir, SqliteConnection connection)
    {
        DataDir = dataDir;
        _connection = connection;
    }

    public string DataDir { get; }

    /// <summary>Where the disk blob store of this install keeps its files.</summary>
    public string FilesDir => Path.Combine(DataDir, "files");

    public static async Task<EmbeddedInstall> OpenAsync(string dataDir, CancellationToken ct)
    {
        var path = Path.Combine(dataDir, DatabaseFile);
        if (!File.Exists(path))
        {
            throw new MoveUpRefusedException($"{dataDir} holds no {DatabaseFile}: --from must name the data folder (Easel__DataDir) of an embedded Easel");
        }
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 2,
        }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            // Set before the first read, EXCLUSIVE locking mode takes the database file's lock without shared memory and
            // keeps it until the connection closes. Any process with the WAL database open (a running node, even an idle
            // one) holds a shared lock on it, so BEGIN EXCLUSIVE fails at once instead of copying under a live writer.
            await connection.ExecuteAsync("PRAGMA locking_mode=EXCLUSIVE");
            await connection.ExecuteAsync("BEGIN EXCLUSIVE");
            return new EmbeddedInstall(dataDir, connection);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw e.SqliteErrorCode is SqliteBusy or SqliteLocked
                ? new MoveUpRefusedException($"{path} is in use, most likely by an Easel node that is still running: stop it, then move up", e)
                : new MoveUpRefusedException($"{path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The last migration applied to the database.</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        var tables = await TablesAsync(ct);
        if (!tables.Contains("schema_migrations"))
        {
            throw new MoveUpRefusedException($"{Path.Combine(DataDir, DatabaseFile)} is not an Easel database (it has no schema_migrations table)");
        }
        return await _connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken: ct));
    }

    public async Task<IReadOnlySet<string>> TablesAsync(CancellationToken ct) =>
        (await _connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", cancellationToken: ct)))
        .ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> ColumnsAsync(string table, CancellationToken ct) =>
        (await _connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM pragma_table_info(@table) ORDER BY cid", new { table }, cancellationToken: ct))).ToList();

    /// <summary>Every row of <paramref name="table"/>, oldest first, as the values of <paramref name="columns"/>.</summary>
    public async IAsyncEnumerable<object?[]> RowsAsync(string table, IReadOnlyList<string> columns, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)} ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            yield return row;
        }
    }

    /// <summary>The blob keys still in use at <paramref name="now"/>: output files not yet expired or deleted, uploads not yet expired.</summary>
    /// <summary>The blobs of the files and uploads not yet expired, thumbnails included.</summary>
    public async Task<IReadOnlyList<BlobKey>> LiveBlobKeysAsync(DateTimeOffset now, CancellationToken ct)
    {
        var rows = await _connection.QueryAsync<(string Id, string Extension, string? Thumbnail)>(new CommandDefinition(
            """
            SELECT id, extension, thumbnail_extension FROM files WHERE deleted_at IS NULL AND expires_at > @now
            UNION ALL
            SELECT id, extension, NULL FROM input_images WHERE expires_at > @now
            """,
            new { now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        var keys = new List<BlobKey>();
        foreach (var (id, extension, thumbnail) in rows)
        {
            var key = new BlobKey(id, FormatOf(id, extension));
            keys.Add(key);
            if (thumbnail is not null)
            {
                keys.Add(key.Thumbnail(FormatOf(id, thumbnail)));
            }
        }
        return keys;
    }

    private static OutputFormat FormatOf(string id, string extension) => OutputFormats.TryFromExtension(extension, out var format)
        ? format
        : throw new MoveUpRefusedException($"stored file {id} has an unknown extension '{extension}'");

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async ValueTask DisposeAsync()
    {
        // The transaction only read: rolling it back changes nothing.
        await _connection.ExecuteAsync("ROLLBACK");
        await _connection.DisposeAsync();
    }
}
