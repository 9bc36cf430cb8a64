using Easel.Core;
using Easel.Store;

namespace Easel.Server.MoveUp;

/// <summary>What a blob copy moved: objects and bytes, and the keys whose bytes the source no longer had.</summary>
public sealed record BlobTotals(long Objects, long Bytes, long Missing);

/// <summary>Copies blobs from one store to another, each streamed (never held whole), a few at a time.</summary>
public static class BlobCopy
{
    private const int InFlight = 4;

    public static async Task<BlobTotals> CopyAsync(IBlobStore from, IBlobStore to, IReadOnlyList<BlobKey> keys, CancellationToken ct)
    {
        long objects = 0, bytes = 0, missing = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct }, async (key, token) =>
        {
            await using var content = await from.OpenReadAsync(key, token);
            if (content is null)
            {
                Interlocked.Increment(ref missing);
                return;
            }
            Interlocked.Add(ref bytes, await to.PutAsync(key, content, token));
            Interlocked.Increment(ref objects);
        });
        return new BlobTotals(objects, bytes, missing);
    }
}
