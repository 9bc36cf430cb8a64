using Easel.Core;

namespace Easel.Store;

/// <summary>Where output bytes live: local disk by default, S3-compatible storage for clusters.</summary>
public interface IBlobStore
{
    Task PutAsync(BlobKey key, ReadOnlyMemory<byte> bytes, CancellationToken ct);

    /// <summary>Stores what <paramref name="content"/> yields, streamed; returns the byte count. Nothing is left behind on failure.</summary>
    Task<long> PutAsync(BlobKey key, Stream content, CancellationToken ct);

    /// <summary>Null when the blob is gone.</summary>
    Task<Stream?> OpenReadAsync(BlobKey key, CancellationToken ct);

    Task DeleteAsync(BlobKey key, CancellationToken ct);
}

public sealed class DiskBlobStore(string root) : IBlobStore
{
    public async Task PutAsync(BlobKey key, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes.ToArray(), ct);
        File.Move(temp, path, overwrite: true);
    }

    public async Task<long> PutAsync(BlobKey key, Stream content, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        try
        {
            long length;
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await content.CopyToAsync(file, 64 * 1024, ct);
                length = file.Length;
            }
            File.Move(temp, path, overwrite: true);
            return length;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(BlobKey key, CancellationToken ct)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(BlobKey key, CancellationToken ct)
    {
        var path = PathOf(key);
        // File.Delete ignores a missing file, but not a missing folder.
        if (Directory.Exists(Path.GetDirectoryName(path)))
        {
            File.Delete(path);
        }
        return Task.CompletedTask;
    }

    /// <summary>Keys are server-made ids; fan out by their last two characters so no folder grows without bound.</summary>
    private string PathOf(BlobKey key)
    {
        var id = key.Id;
        if (id.Length < 2 || id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal) || id.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException("invalid blob key", nameof(key));
        }
        return Path.Combine(root, id[^2..], key.Name);
    }
}
