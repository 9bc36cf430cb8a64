using Easel.Core;
using Easel.Store;

namespace Easel.Server.Http;

/// <summary>The stored bytes of a task's output images, for dialects that answer with base64.</summary>
public static class TaskOutputs
{
    /// <summary>Null once any of them has expired and been deleted.</summary>
    public static async Task<IReadOnlyList<(byte[] Bytes, OutputFormat Format)>?> ReadAsync(IBlobStore blobs, TaskRecord task, CancellationToken ct)
    {
        var images = new List<(byte[], OutputFormat)>(task.Files.Count);
        foreach (var file in task.Files)
        {
            await using var stream = await blobs.OpenReadAsync(file.Key, ct);
            if (stream is null)
            {
                return null;
            }
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            images.Add((copy.ToArray(), file.Key.Format));
        }
        return images;
    }
}
