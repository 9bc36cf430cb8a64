using Easel.Engine;
using Easel.Engine.Signals;
using Easel.Store;
using Easel.Store.Postgres;
using Easel.Store.Sqlite;

namespace Easel.Server;

/// <summary>
/// Opens what the settings name (SPEC §13): the store (SQLite under the data folder by default, or PostgreSQL for a cluster),
/// the blob store (disk, or an S3-compatible bucket) and the relay of signals between nodes.
/// </summary>
public static class Storage
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Disk = "disk";
    public const string S3 = "s3";

    public static IEaselStore Open(EaselOptions options, string dataDir, TimeProvider clock) => IsPostgres(options.Store)
        ? new PostgresStore(options.Store.ConnectionString!, clock)
        : new SqliteStore(Path.Combine(dataDir, "easel.db"), clock);

    /// <summary>The blob store the settings name; an S3 bucket is created if it is missing and the key may create it.</summary>
    public static async Task<IBlobStore> OpenBlobsAsync(EaselOptions options, string dataDir)
    {
        if (!options.Blobs.Provider.Equals(S3, StringComparison.OrdinalIgnoreCase))
        {
            return new DiskBlobStore(Path.Combine(dataDir, "files"));
        }
        var s3 = options.Blobs.S3;
        var store = new S3BlobStore(new S3BlobOptions(s3.ServiceUrl!, s3.Bucket!, s3.Region, s3.AccessKey ?? "", s3.SecretKey ?? "", s3.ForcePathStyle));
        try
        {
            await store.EnsureBucketAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            store.Dispose();
            throw new StartupException($"the S3 bucket {s3.Bucket} at {s3.ServiceUrl} could not be reached: {e.Message}", e);
        }
        return store;
    }

    /// <summary>Null if the blob settings are usable, otherwise why not.</summary>
    public static string? Check(BlobOptions blobs) => blobs.Provider.ToLowerInvariant() switch
    {
        Disk => null,
        S3 when !Uri.TryCreate(blobs.S3.ServiceUrl, UriKind.Absolute, out _) => "Easel:Blobs:S3:ServiceUrl must be an absolute URL when Easel:Blobs:Provider is s3",
        S3 when string.IsNullOrWhiteSpace(blobs.S3.Bucket) => "Easel:Blobs:S3:Bucket is required when Easel:Blobs:Provider is s3",
        S3 => null,
        _ => $"Easel:Blobs:Provider must be {Disk} or {S3}, not '{blobs.Provider}'",
    };

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

    /// <summary>The blob store in words, without its keys.</summary>
    public static string DescribeBlobs(EaselOptions options) => options.Blobs.Provider.Equals(S3, StringComparison.OrdinalIgnoreCase)
        ? $"S3 bucket {options.Blobs.S3.Bucket} at {new Uri(options.Blobs.S3.ServiceUrl!).Authority}"
        : $"files under {Path.Combine(Path.GetFullPath(options.DataDir), "files")}";

    /// <summary>Whether anything lives in the data folder: the SQLite database or the disk blob store.</summary>
    public static bool UsesDataDir(EaselOptions options) => !IsPostgres(options.Store) || !options.Blobs.Provider.Equals(S3, StringComparison.OrdinalIgnoreCase);

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
