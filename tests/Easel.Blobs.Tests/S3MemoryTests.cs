using Xunit.Sdk;

namespace Easel.Blobs.Tests;

[CollectionDefinition(DisableParallelization = true)]
public sealed class Alone;

/// <summary>Run alone, so that other tests' buffers do not count.</summary>
[Collection(typeof(Alone))]
public sealed class S3MemoryTests(S3Bucket bucket, ITestOutputHelper output) : IClassFixture<S3Bucket>
{
    const int MiB = 1 << 20;

    [Fact]
    public async Task StreamUploadHoldsAboutOnePartNotTheWholeStream()
    {
        const long Length = 40 * MiB;
        var ct = TestContext.Current.CancellationToken;
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var done = new CancellationTokenSource();
        // A full collection every few milliseconds: what survives it is what the upload holds, not garbage.
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);
        var key = new BlobKey("file_" + Guid.NewGuid().ToString("N")[..12], OutputFormat.Png);
        Assert.Equal(Length, await bucket.Store.PutAsync(key, new GeneratedStream(11, Length), ct));
        await done.CancelAsync();
        await sampler;
        output.WriteLine($"peak live managed heap above baseline during a {Length / MiB} MiB upload: {peak / (double)MiB:F1} MiB");
        Assert.InRange(peak, 0, 2 * S3BlobStore.PartSize);
        await bucket.Store.DeleteAsync(key, ct);
    }
}
