using System.Data.Common;
using Easel.Engine;
using Easel.Store;
using Easel.Store.Postgres;

namespace Easel.Server.MoveUp;

/// <summary>What one move copied, for the summary: rows per table, then the blobs.</summary>
public sealed record MoveUpReport(
    string Source, string Target, string BlobTarget, int SchemaVersion, IReadOnlyList<(string Table, long Rows)> Rows, BlobTotals? Blobs);

/// <summary>
/// Copies an embedded install (SQLite and files under its data folder) into the PostgreSQL database and blob store the
/// settings name, as a cluster node would open them: every row in one transaction with its ids kept, then the blobs
/// still in use, and the commit only once both are through. A target that already holds data is refused.
/// </summary>
public static class InstallMove
{
    public static async Task<MoveUpReport> RunAsync(string fromDir, EaselOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (!options.Store.Provider.Equals(Storage.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            throw new MoveUpRefusedException(
                "the target must be PostgreSQL: set Easel__Store__Provider=postgres and Easel__Store__ConnectionString as for a cluster node");
        }
        if ((Storage.Check(options.Store) ?? Storage.Check(options.Blobs)) is { } problem)
        {
            throw new MoveUpRefusedException(problem);
        }
        var source = Path.GetFullPath(fromDir);
        var target = Storage.Describe(options);
        await using var install = await EmbeddedInstall.OpenAsync(source, ct);
        var version = await install.SchemaVersionAsync(ct);
        try
        {
            await using (var store = new PostgresStore(options.Store.ConnectionString!, clock))
            {
                await store.MigrateAsync(ct);
            }
            await using var database = await ClusterDatabase.OpenAsync(options.Store.ConnectionString!, ct);
            await CheckVersionsAsync(install, version, database, ct);
            var tables = await database.TablesAsync(ct);
            await database.LockAsync(tables, ct);
            await CheckEmptyAsync(database, tables, target, ct);

            var rows = new List<(string, long)>();
            foreach (var table in tables)
            {
                rows.Add((table.Name, await CopyTableAsync(install, database, table, ct)));
            }
            await database.AdvanceIdentitiesAsync(tables, ct);

            var (blobTarget, blobs) = await CopyBlobsAsync(install, options, clock, ct);
            await database.CommitAsync(ct);
            return new MoveUpReport(source, target, blobTarget, version, rows, blobs);
        }
        catch (DbException e)
        {
            throw new MoveUpRefusedException($"the {target} could not be reached or written: {e.Message}", e);
        }
    }

    private static async Task CheckVersionsAsync(EmbeddedInstall install, int sourceVersion, ClusterDatabase database, CancellationToken ct)
    {
        var targetVersion = await database.SchemaVersionAsync(ct);
        if (sourceVersion < targetVersion)
        {
            throw new MoveUpRefusedException(
                $"the embedded install is at schema version {sourceVersion} and this Easel at {targetVersion}: start the old install once with this version of Easel (it migrates its database), stop it, then move up");
        }
        if (sourceVersion > targetVersion)
        {
            throw new MoveUpRefusedException(
                $"the embedded install is at schema version {sourceVersion}, newer than this Easel ({targetVersion}): move up with the version of Easel that last ran it");
        }
    }

    private static async Task CheckEmptyAsync(ClusterDatabase database, IReadOnlyList<TargetTable> tables, string target, CancellationToken ct)
    {
        var occupied = new List<string>();
        foreach (var table in tables.Where(t => t.Name != ClusterDatabase.Settings))
        {
            if (await database.CountAsync(table, ct) is var count and > 0)
            {
                occupied.Add($"{table.Name}: {count}");
            }
        }
        if (occupied.Count > 0)
        {
            throw new MoveUpRefusedException($"the {target} already holds data ({string.Join(", ", occupied)} rows): move up into a new, empty database");
        }
    }

    private static async Task<long> CopyTableAsync(EmbeddedInstall install, ClusterDatabase database, TargetTable table, CancellationToken ct)
    {
        var sourceColumns = await install.ColumnsAsync(table.Name, ct);
        var targetColumns = table.Columns.Select(c => c.Name).ToList();
        if (!sourceColumns.Order(StringComparer.Ordinal).SequenceEqual(targetColumns.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new MoveUpRefusedException(
                $"the table {table.Name} has the columns ({string.Join(", ", sourceColumns)}) in the embedded install but ({string.Join(", ", targetColumns)}) in PostgreSQL");
        }
        if (table.Name == ClusterDatabase.Settings)
        {
            await database.ClearAsync(table, ct);
        }
        return await database.CopyAsync(table, install.RowsAsync(table.Name, targetColumns, ct), ct);
    }

    /// <summary>The bytes of live files and uploads; nothing to do when the target's disk store is the install's own folder.</summary>
    private static async Task<(string Target, BlobTotals? Totals)> CopyBlobsAsync(EmbeddedInstall install, EaselOptions options, TimeProvider clock, CancellationToken ct)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        var isS3 = options.Blobs.Provider.Equals(Storage.S3, StringComparison.OrdinalIgnoreCase);
        var description = Storage.DescribeBlobs(options);
        if (!isS3 && Path.GetFullPath(Path.Combine(dataDir, "files")) == Path.GetFullPath(install.FilesDir))
        {
            return (description, null);
        }
        var keys = await install.LiveBlobKeysAsync(clock.GetUtcNow(), ct);
        IBlobStore target;
        try
        {
            target = await Storage.OpenBlobsAsync(options, dataDir);
        }
        catch (StartupException e)
        {
            throw new MoveUpRefusedException(e.Message, e);
        }
        try
        {
            return (description, await BlobCopy.CopyAsync(new DiskBlobStore(install.FilesDir), target, keys, ct));
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException or IOException)
        {
            throw new MoveUpRefusedException($"copying the files to the {description} failed: {e.Message}", e);
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }
}
