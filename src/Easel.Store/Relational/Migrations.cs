using System.Data.Common;
using System.Reflection;
using Dapper;

namespace Easel.Store.Relational;

/// <summary>Applies the numbered SQL scripts embedded in an assembly (<c>Migrations/NNN_name.sql</c>) not yet applied, in order, recording each.</summary>
public static class Migrations
{
    public static async Task ApplyAsync(DbConnection connection, DbTransaction tx, Assembly scripts, CancellationToken ct)
    {
        await connection.ExecuteAsync(
            new CommandDefinition("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", transaction: tx, cancellationToken: ct));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", transaction: tx, cancellationToken: ct))).ToHashSet();
        foreach (var (version, sql) in Scripts(scripts))
        {
            if (applied.Contains(version))
            {
                continue;
            }
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        }
    }

    private static IEnumerable<(int Version, string Sql)> Scripts(Assembly assembly)
    {
        return assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Name: n, File: n.Split('.')[^2]))
            .Select(x => (Version: int.Parse(x.File.AsSpan(0, x.File.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture), Sql: Read(assembly, x.Name)))
            .OrderBy(x => x.Version);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing migration {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
