using Easel.Engine;
using Easel.Engine.Signals;
using Easel.Store;
using Easel.Store.Postgres;
using Easel.Store.Sqlite;

namespace Easel.Server;

/// <summary>Opens the store the settings name (SPEC §13): SQLite under the data folder by default, or PostgreSQL for a cluster.</summary>
public static class Storage
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static IEaselStore Open(EaselOptions options, string dataDir, TimeProvider clock) => IsPostgres(options.Store)
        ? new PostgresStore(options.Store.ConnectionString!, clock)
        : new SqliteStore(Path.Combine(dataDir, "easel.db"), clock);

    /// <summary>How this node hears from the others: over PostgreSQL's LISTEN/NOTIFY in a cluster; alone, it has no one to hear.</summary>
    public static IServiceCollection AddSignals(this IServiceCollection services, EaselOptions options)
    {
        if (IsPostgres(options.Store))
        {
            services.AddSingleton(sp => new PostgresSignalRelay(options.Store.ConnectionString!, sp.GetRequiredService<ILogger<PostgresSignalRelay>>()));
            services.AddSingleton<ISignalRelay>(sp => sp.GetRequiredService<PostgresSignalRelay>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresSignalRelay>());
        }
        else
        {
            services.AddSingleton<ISignalRelay, NoRelay>();
        }
        return services;
    }

    private static bool IsPostgres(StoreOptions store) => store.Provider.Equals(Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>The store in words an operator recognises, without the password.</summary>
    public static string Describe(EaselOptions options)
    {
        if (!IsPostgres(options.Store))
        {
            return $"SQLite database under {Path.GetFullPath(options.DataDir)}";
        }
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(options.Store.ConnectionString);
        return $"PostgreSQL database {settings.Database} at {settings.Host}:{settings.Port}";
    }

    /// <summary>Null if the store settings are usable, otherwise why not.</summary>
    public static string? Check(StoreOptions store) => store.Provider.ToLowerInvariant() switch
    {
        Sqlite => null,
        Postgres when string.IsNullOrWhiteSpace(store.ConnectionString) => "Easel:Store:ConnectionString is required when Easel:Store:Provider is postgres",
        Postgres => ConnectionStringProblem(store.ConnectionString!),
        _ => $"Easel:Store:Provider must be {Sqlite} or {Postgres}, not '{store.Provider}'",
    };

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"Easel:Store:ConnectionString is not a valid PostgreSQL connection string: {e.Message}";
        }
    }
}
