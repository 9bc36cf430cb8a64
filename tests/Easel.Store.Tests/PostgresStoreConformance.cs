using Easel.Store.Postgres;
using Easel.TestServers;
using Npgsql;

namespace Easel.Store.Tests;

/// <summary>
/// The conformance suite on PostgreSQL: one throwaway server per test process, one template database migrated once per
/// process, and a copy of it for every test.
/// </summary>
public sealed class PostgresStoreConformance : StoreConformance
{
    private static readonly Lazy<Task<string>> s_template = new(MigrateTemplateAsync);

    protected override int MigrationCount { get; } =
        typeof(PostgresStore).Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql", StringComparison.Ordinal));

    protected override async Task<string> CreateDatabaseAsync(bool migrated)
    {
        var server = await PostgresServer.Shared;
        return migrated ? await server.CreateDatabaseAsync(await s_template.Value, Ct) : await server.CreateDatabaseAsync(null, Ct);
    }

    /// <summary>Port 1 on loopback: nothing listens there, so the connection is refused at once.</summary>
    protected override string UnreachableDatabase => "Host=127.0.0.1;Port=1;Username=postgres;Database=easel;Timeout=2;Pooling=false";

    protected override IEaselStore OpenStore(string database, TimeProvider clock) => new PostgresStore(database, clock);

    protected override async Task DropDatabaseAsync(string database)
    {
        var server = await PostgresServer.Shared;
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await ExecuteAsync(server.ConnectionString(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    protected override async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task<int> ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task<string> MigrateTemplateAsync()
    {
        var template = await (await PostgresServer.Shared).CreateDatabaseAsync(null, CancellationToken.None);
        await using var store = new PostgresStore(template, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return template;
    }
}
