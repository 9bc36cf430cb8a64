using System.Data.Common;
using Dapper;
using Easel.Core;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const string FileColumns = "id, task_id, account_id, position, extension, byte_count, width, height, created_at, expires_at, deleted_at, thumbnail_extension";

    public Task<StoredFile?> GetFileAsync(string fileId, CancellationToken ct) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<FileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM files WHERE id = @fileId", new { fileId }, cancellationToken: ct)))?.ToFile(), ct);

    public Task<IReadOnlyList<StoredFile>> GetExpiredFilesAsync(DateTimeOffset now, int max, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StoredFile>>(async c => (await c.QueryAsync<FileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM files WHERE deleted_at IS NULL AND expires_at <= @now ORDER BY expires_at LIMIT @max",
            new { now = now.ToUnixTimeMilliseconds(), max }, cancellationToken: ct))).Select(r => r.ToFile()).ToList(), ct);

    public Task MarkFileDeletedAsync(string fileId, CancellationToken ct) =>
        WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE files SET deleted_at = @now WHERE id = @fileId", new { fileId, now = Now }, tx, cancellationToken: ct)), ct);

    private static async Task AddFilesAsync(
        DbConnection c, DbTransaction tx, string taskId, string accountId, IReadOnlyList<GeneratedImage> images, long now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        for (var position = 0; position < images.Count; position++)
        {
            var image = images[position];
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO files (id, task_id, account_id, position, extension, byte_count, width, height, created_at, expires_at, thumbnail_extension)
                VALUES (@id, @taskId, @accountId, @position, @extension, @ByteCount, @Width, @Height, @now, @expires, @thumbnail)
                """,
                new
                {
                    id = image.Key.Id,
                    taskId,
                    accountId,
                    position,
                    extension = image.Key.Format.Extension(),
                    image.ByteCount,
                    image.Width,
                    image.Height,
                    now,
                    expires = expiresAt.ToUnixTimeMilliseconds(),
                    thumbnail = image.Thumbnail?.Format.Extension(),
                },
                tx, cancellationToken: ct));
        }
    }

    /// <summary>The tasks of <paramref name="rows"/>, each with its files; one query for the lot, none when no task succeeded.</summary>
    private async Task<IReadOnlyList<TaskRecord>> WithFilesAsync(DbConnection c, IReadOnlyList<TaskRow> rows, CancellationToken ct)
    {
        var succeeded = rows.Where(r => r.State == "succeeded").Select(r => r.Id).ToArray();
        IEnumerable<FileRow> found = succeeded.Length == 0
            ? []
            : await c.QueryAsync<FileRow>(new CommandDefinition(
                $"SELECT {FileColumns} FROM files WHERE task_id {Sql.AnyOf("succeeded")} ORDER BY task_id, position",
                new { succeeded }, cancellationToken: ct));
        var files = found.Select(r => r.ToFile()).ToLookup(f => f.TaskId, StringComparer.Ordinal);
        return rows.Select(r => r.ToRecord(files[r.Id].ToList())).ToList();
    }

    private sealed class FileRow
    {
        public string Id { get; init; } = "";
        public string TaskId { get; init; } = "";
        public string AccountId { get; init; } = "";
        public long Position { get; init; }
        public string Extension { get; init; } = "";
        public long ByteCount { get; init; }
        public long Width { get; init; }
        public long Height { get; init; }
        public long CreatedAt { get; init; }
        public long ExpiresAt { get; init; }
        public long? DeletedAt { get; init; }
        public string? ThumbnailExtension { get; init; }

        public StoredFile ToFile()
        {
            var key = Key(Id, Extension);
            return new(key, TaskId, AccountId, (int)Position, ByteCount, (int)Width, (int)Height, Time(CreatedAt), Time(ExpiresAt), Time(DeletedAt))
            {
                Thumbnail = ThumbnailExtension is null ? null : key.Thumbnail(Key(Id, ThumbnailExtension).Format),
            };
        }
    }

    /// <summary>The key of a file or input image row; the store wrote the extension, so it is always one it knows.</summary>
    private static BlobKey Key(string id, string extension) =>
        OutputFormats.TryFromExtension(extension, out var format) ? new BlobKey(id, format) : throw new InvalidDataException($"stored file {id} has an unknown extension");
}
