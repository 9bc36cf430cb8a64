namespace Easel.Blobs.Tests;

/// <summary>What every <see cref="IBlobStore"/> must do; each store's test class says how to make one.</summary>
public abstract class BlobStoreConformance
{
    protected const int MiB = 1 << 20;

    protected abstract IBlobStore Store { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static BlobKey NewKey() => new("file_" + Guid.NewGuid().ToString("N")[..12], OutputFormat.Png);

    [Fact]
    public async Task PutBytesReadsBackExactly()
    {
        var key = NewKey();
        var bytes = new byte[70_001];
        new Random(1).NextBytes(bytes);
        await Store.PutAsync(key, bytes, Ct);
        Assert.Equal(bytes, await ReadAllAsync(key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(8 * MiB)]
    [InlineData(20 * MiB + 123)]
    public async Task PutStreamOfUnknownLengthReadsBackByteForByte(int length)
    {
        var key = NewKey();
        Assert.Equal(length, await Store.PutAsync(key, new GeneratedStream(7, length), Ct));
        await using var read = await Store.OpenReadAsync(key, Ct);
        Assert.NotNull(read);
        await AssertSameAsync(new GeneratedStream(7, length), read);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(10 * MiB)]
    public async Task FailingSourceLeavesNothingBehind(int failAfter)
    {
        var key = NewKey();
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(key, new GeneratedStream(3, 20 * MiB, failAfter), Ct));
        Assert.Null(await Store.OpenReadAsync(key, Ct));
        await AssertNoUploadInProgressAsync(key);
    }

    [Fact]
    public async Task CancelledUploadLeavesNothingBehind()
    {
        var key = NewKey();
        using var cancel = new CancellationTokenSource();
        var source = new CallbackStream(new GeneratedStream(4, 20 * MiB), afterBytes: 9 * MiB, cancel.Cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync(key, source, cancel.Token));
        Assert.Null(await Store.OpenReadAsync(key, Ct));
        await AssertNoUploadInProgressAsync(key);
    }

    [Fact]
    public async Task MissingKeyOpensAsNull() => Assert.Null(await Store.OpenReadAsync(NewKey(), Ct));

    [Fact]
    public async Task DeleteTwiceIsHarmless()
    {
        var key = NewKey();
        await Store.PutAsync(key, new byte[] { 1, 2, 3 }, Ct);
        await Store.DeleteAsync(key, Ct);
        await Store.DeleteAsync(key, Ct);
        Assert.Null(await Store.OpenReadAsync(key, Ct));
    }

    [Fact]
    public async Task DeleteOfANeverStoredKeyIsHarmless()
    {
        // On disk the key's fan-out folder does not exist yet either.
        var key = NewKey();
        await Store.DeleteAsync(key, Ct);
        Assert.Null(await Store.OpenReadAsync(key, Ct));
    }

    [Fact]
    public async Task OverwriteReplaces()
    {
        var key = NewKey();
        await Store.PutAsync(key, new byte[] { 1, 2, 3, 4, 5 }, Ct);
        await Store.PutAsync(key, new byte[] { 9 }, Ct);
        Assert.Equal(new byte[] { 9 }, await ReadAllAsync(key));
        Assert.Equal(2, await Store.PutAsync(key, new MemoryStream([7, 8]), Ct));
        Assert.Equal(new byte[] { 7, 8 }, await ReadAllAsync(key));
    }

    /// <summary>For stores with uploads in parts: none is left open for <paramref name="key"/>.</summary>
    protected virtual Task AssertNoUploadInProgressAsync(BlobKey key) => Task.CompletedTask;

    async Task<byte[]> ReadAllAsync(BlobKey key)
    {
        await using var read = await Store.OpenReadAsync(key, Ct);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    static async Task AssertSameAsync(Stream expected, Stream actual)
    {
        var a = new byte[64 * 1024];
        var b = new byte[64 * 1024];
        for (long offset = 0; ; offset += a.Length)
        {
            var n = await expected.ReadAtLeastAsync(a, a.Length, throwOnEndOfStream: false, Ct);
            var m = await actual.ReadAtLeastAsync(b, b.Length, throwOnEndOfStream: false, Ct);
            Assert.True(n == m, $"lengths differ near byte {offset}");
            Assert.True(a.AsSpan(0, n).SequenceEqual(b.AsSpan(0, m)), $"bytes differ in the block at {offset}");
            if (n < a.Length)
                return;
        }
    }
}
