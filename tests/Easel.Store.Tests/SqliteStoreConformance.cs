using Easel.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Easel.Store.Tests;

/// <summary>The conformance suite on SQLite: a new database file in its own temporary folder for every test.</summary>
public sealed class SqliteStoreConformance : StoreConformance
{
    protected override int MigrationCount { get; } =
        typeof(SqliteStore).Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql", StringComparison.Ordinal));

    protected override async Task<string> CreateDatabaseAsync(bool migrated)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("easel-store-").FullName, "easel.db");
        if (migrated)
        {
            using var store = new SqliteStore(path, TimeProvider.System);
            await store.MigrateAsync(Ct);
        }
        return path;
    }

    protected override string UnreachableDatabase => Path.Combine(Path.GetTempPath(), "easel-no-such-folder-" + Guid.NewGuid().ToString("N"), "easel.db");

    protected override IEaselStore OpenStore(string database, TimeProvider clock) => new SqliteStore(database, clock);

    protected override Task DropDatabaseAsync(string database)
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<long> ScalarAsync(string database, string sql)
    {
        await using var command = (await OpenAsync(database)).CreateCommand();
        command.CommandText = sql;
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await command.Connection!.DisposeAsync();
        }
    }

    protected override async Task<int> ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }
}
