using Easel.Engine;
using Easel.Server.MoveUp;
using Easel.Store;
using Microsoft.Data.Sqlite;

namespace Easel.Server.Backup;

/// <summary>What a backup holds: where, the database's size, and the files copied.</summary>
public sealed record BackupReport(string Source, string Target, long DatabaseBytes, BlobTotals? Files, string? FilesElsewhere);

/// <summary>
/// A consistent copy of an embedded install's data folder, taken while Easel runs: SQLite's online backup of
/// <c>easel.db</c> (one snapshot, read under WAL, so writers go on), then the bytes of the files and uploads that snapshot
/// still uses. The database holds the secrets too (the file-signing key, the admin key's hash), so the copy is a data folder
/// a node starts on as it is.
/// </summary>
public static class DataFolderBackup
{
    public static async Task<BackupReport> RunAsync(EaselOptions options, string toDir, TimeProvider clock, CancellationToken ct)
    {
        if (options.Store.Provider.Equals(Storage.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            throw new MoveUpRefusedException("the store is PostgreSQL: back it up with pg_dump (see docs/operations.md); this command backs up the embedded SQLite store");
        }
        var source = Path.GetFullPath(options.DataDir);
        var database = Path.Combine(source, EmbeddedInstall.DatabaseFile);
        if (!File.Exists(database))
        {
            throw new MoveUpRefusedException($"{source} holds no {EmbeddedInstall.DatabaseFile}: Easel:DataDir must name the data folder of an embedded Easel");
        }
        var target = Path.GetFullPath(toDir);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new MoveUpRefusedException($"{target} is not empty: back up into a new folder");
        }
        Directory.CreateDirectory(target);
        var copy = Path.Combine(target, EmbeddedInstall.DatabaseFile);
        await SnapshotAsync(database, copy, ct);
        if (options.Blobs.Provider.Equals(Storage.S3, StringComparison.OrdinalIgnoreCase))
        {
            return new BackupReport(source, target, new FileInfo(copy).Length, null, Storage.DescribeBlobs(options));
        }
        IReadOnlyList<Core.BlobKey> keys;
        await using (var snapshot = await EmbeddedInstall.OpenAsync(target, ct))
        {
            keys = await snapshot.LiveBlobKeysAsync(clock.GetUtcNow(), ct);
        }
        var files = await BlobCopy.CopyAsync(new DiskBlobStore(Path.Combine(source, "files")), new DiskBlobStore(Path.Combine(target, "files")), keys, ct);
        return new BackupReport(source, target, new FileInfo(copy).Length, files, null);
    }

    /// <summary>SQLite's backup API copies every page under one read transaction: one consistent state, whatever is written meanwhile.</summary>
    private static async Task SnapshotAsync(string database, string copy, CancellationToken ct)
    {
        SQLitePCL.Batteries_V2.Init();
        var partial = copy + ".partial";
        try
        {
            await using (var from = new SqliteConnection(Connection(database, SqliteOpenMode.ReadWrite)))
            await using (var to = new SqliteConnection(Connection(partial, SqliteOpenMode.ReadWriteCreate)))
            {
                await from.OpenAsync(ct);
                await to.OpenAsync(ct);
                from.BackupDatabase(to);
            }
            File.Move(partial, copy);
        }
        catch (SqliteException e)
        {
            File.Delete(partial);
            throw new MoveUpRefusedException($"{database} could not be backed up: {e.Message}", e);
        }
    }

    private static string Connection(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString();
}
