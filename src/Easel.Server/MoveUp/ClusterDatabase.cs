using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Easel.Server.MoveUp;

/// <summary>A column of the cluster's schema, as PostgreSQL's catalog describes it.</summary>
public sealed record TargetColumn(string Name, string DataType, bool IsIdentity);

public sealed record TargetTable(string Name, IReadOnlyList<TargetColumn> Columns);

/// <summary>
/// The (migrated) PostgreSQL database being moved into, written in one transaction: every row copied commits together
/// or not at all. Tables and columns are read from the catalog, so each migration's tables come along without code here.
/// </summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    /// <summary>The one table a fresh cluster node may already have filled (its own signing and admin keys): the install's replace them.</summary>
    public const string Settings = "settings";

    private const string Migrations = "schema_migrations";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _tx;

    private ClusterDatabase(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        _connection = connection;
        _tx = tx;
    }

    public static async Task<ClusterDatabase> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return new ClusterDatabase(connection, await connection.BeginTransactionAsync(ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<int> SchemaVersionAsync(CancellationToken ct) =>
        _connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COALESCE(MAX(version), 0) FROM {Migrations}", transaction: _tx, cancellationToken: ct));

    /// <summary>Easel's tables, every table after those its foreign keys point to.</summary>
    public async Task<IReadOnlyList<TargetTable>> TablesAsync(CancellationToken ct)
    {
        var columns = await _connection.QueryAsync<(string Table, string Name, string DataType, bool IsIdentity)>(new CommandDefinition(
            """
            SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_identity = 'YES'
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """, transaction: _tx, cancellationToken: ct));
        var references = await _connection.QueryAsync<(string Child, string Parent)>(new CommandDefinition(
            """
            SELECT child.relname::text, parent.relname::text
            FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid
            JOIN pg_class parent ON parent.oid = k.confrelid
            WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace
            """, transaction: _tx, cancellationToken: ct));
        var tables = columns.Where(c => c.Table != Migrations)
            .GroupBy(c => c.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new TargetTable(g.Key, g.Select(c => new TargetColumn(c.Name, c.DataType, c.IsIdentity)).ToList()), StringComparer.Ordinal);
        return InReferenceOrder(tables, references.Where(r => r.Child != r.Parent).ToList());
    }

    private static List<TargetTable> InReferenceOrder(Dictionary<string, TargetTable> tables, List<(string Child, string Parent)> references)
    {
        var ordered = new List<TargetTable>();
        var left = new SortedSet<string>(tables.Keys, StringComparer.Ordinal);
        while (left.Count > 0)
        {
            var ready = left.FirstOrDefault(t => !references.Any(r => r.Child == t && left.Contains(r.Parent)))
                ?? throw new InvalidOperationException($"the foreign keys among {string.Join(", ", left)} form a cycle");
            ordered.Add(tables[ready]);
            left.Remove(ready);
        }
        return ordered;
    }

    /// <summary>Keeps every other writer out of <paramref name="tables"/> until the commit (readers may still look).</summary>
    public Task LockAsync(IEnumerable<TargetTable> tables, CancellationToken ct) =>
        _connection.ExecuteAsync(new CommandDefinition(
            $"LOCK TABLE {string.Join(", ", tables.Select(t => Quote(t.Name)))} IN EXCLUSIVE MODE", transaction: _tx, cancellationToken: ct));

    public Task<long> CountAsync(TargetTable table, CancellationToken ct) =>
        _connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {Quote(table.Name)}", transaction: _tx, cancellationToken: ct));

    public Task ClearAsync(TargetTable table, CancellationToken ct) =>
        _connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {Quote(table.Name)}", transaction: _tx, cancellationToken: ct));

    /// <summary>Streams <paramref name="rows"/> (values in the order of the table's columns) in with COPY; returns how many.</summary>
    public async Task<long> CopyAsync(TargetTable table, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var writers = table.Columns.Select(c => WriterFor(table, c)).ToArray();
        await using var importer = await _connection.BeginBinaryImportAsync(
            $"COPY {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < writers.Length; i++)
            {
                if (row[i] is { } value)
                {
                    await importer.WriteAsync(writers[i].Convert(value), writers[i].Type, ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }
        }
        return (long)await importer.CompleteAsync(ct);
    }

    /// <summary>Moves each identity column's sequence past the largest value copied, so new rows never reuse an id.</summary>
    public async Task AdvanceIdentitiesAsync(IEnumerable<TargetTable> tables, CancellationToken ct)
    {
        foreach (var (table, column) in tables.SelectMany(t => t.Columns.Where(c => c.IsIdentity).Select(c => (t, c))))
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE((SELECT MAX({Quote(column.Name)}) FROM {Quote(table.Name)}), 0) + 1, false)",
                new { table = Quote(table.Name), column = column.Name }, _tx, cancellationToken: ct));
        }
    }

    public Task CommitAsync(CancellationToken ct) => _tx.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _tx.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static string Quote(string identifier) => EmbeddedInstall.Quote(identifier);

    /// <summary>SQLite hands back integers, text and blobs; each becomes the PostgreSQL column's own type.</summary>
    private static (NpgsqlDbType Type, Func<object, object> Convert) WriterFor(TargetTable table, TargetColumn column) => column.DataType switch
    {
        "bigint" => (NpgsqlDbType.Bigint, v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)),
        "integer" => (NpgsqlDbType.Integer, v => System.Convert.ToInt32(v, CultureInfo.InvariantCulture)),
        "smallint" => (NpgsqlDbType.Smallint, v => System.Convert.ToInt16(v, CultureInfo.InvariantCulture)),
        "boolean" => (NpgsqlDbType.Boolean, v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0),
        "double precision" => (NpgsqlDbType.Double, v => System.Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        "text" or "character varying" => (NpgsqlDbType.Text, v => System.Convert.ToString(v, CultureInfo.InvariantCulture)!),
        "bytea" => (NpgsqlDbType.Bytea, v => (byte[])v),
        _ => throw new MoveUpRefusedException($"the column {table.Name}.{column.Name} has the type {column.DataType}, which moving up does not know how to copy"),
    };
}
