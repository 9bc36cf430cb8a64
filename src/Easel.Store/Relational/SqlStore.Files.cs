using Dapper;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const string FileColumns = "id, task_id, account_id, position, content_type, extension, byte_count, width, height, created_at, expires_at, deleted_at";

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

    private sealed class FileRow
    {
        public string Id { get; init; } = "";
        public string TaskId { get; init; } = "";
        public string AccountId { get; init; } = "";
        public long Position { get; init; }
        public string ContentType { get; init; } = "";
        public string Extension { get; init; } = "";
        public long ByteCount { get; init; }
        public long Width { get; init; }
        public long Height { get; init; }
        public long CreatedAt { get; init; }
        public long ExpiresAt { get; init; }
        public long? DeletedAt { get; init; }

        public StoredFile ToFile() => new(
            Id, TaskId, AccountId, (int)Position, ContentType, Extension, ByteCount, (int)Width, (int)Height, Time(CreatedAt), Time(ExpiresAt), Time(DeletedAt));
    }
}
