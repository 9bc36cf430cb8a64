namespace Easel.Blobs.Tests;

public sealed class DiskBlobStoreTests : BlobStoreConformance, IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "easel-blobs-" + Guid.NewGuid().ToString("N")[..12]);

    public DiskBlobStoreTests() => Store = new DiskBlobStore(_root);

    protected override IBlobStore Store { get; }

    protected override Task AssertNoUploadInProgressAsync(BlobKey key)
    {
        // The disk store writes to a .tmp file beside the blob and moves it into place: no such file may be left.
        Assert.Empty(Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}
