using Dapper;
using Easel.Core;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    public Task AddInputImagesAsync(string accountId, IReadOnlyList<InputImage> images, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (var image in images)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO input_images (id, account_id, extension, byte_count, created_at, expires_at)
                    VALUES (@Id, @accountId, @extension, @ByteCount, @now, @expires)
                    """,
                    new { image.Id, accountId, extension = image.Key.Format.Extension(), image.ByteCount, now = Now, expires = image.ExpiresAt.ToUnixTimeMilliseconds() },
                    tx, cancellationToken: ct));
            }
            return images.Count;
        }, ct);

    public Task<IReadOnlyList<InputImage>> GetExpiredInputImagesAsync(DateTimeOffset now, int max, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<InputImage>>(async c => (await c.QueryAsync<InputImageRow>(new CommandDefinition(
            "SELECT id, extension, byte_count, expires_at FROM input_images WHERE expires_at <= @now ORDER BY expires_at LIMIT @max",
            new { now = now.ToUnixTimeMilliseconds(), max }, cancellationToken: ct))).Select(r => r.ToInput()).ToList(), ct);

    public Task DeleteInputImagesAsync(IReadOnlyList<string> ids, CancellationToken ct) =>
        WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM input_images WHERE id {Sql.AnyOf("ids")}", new { ids = ids.ToArray() }, tx, cancellationToken: ct)), ct);

    private sealed class InputImageRow
    {
        public string Id { get; init; } = "";
        public string Extension { get; init; } = "";
        public long ByteCount { get; init; }
        public long ExpiresAt { get; init; }

        public InputImage ToInput() => new(Key(Id, Extension), ByteCount, Time(ExpiresAt));
    }
}
