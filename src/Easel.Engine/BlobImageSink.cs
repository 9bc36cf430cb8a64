using System.Collections.Concurrent;
using Easel.Core;
using Easel.Imaging;
using Easel.Store;

namespace Easel.Engine;

/// <summary>
/// Streams one task's output images into blob storage: the first bytes are read to learn the format and pixel size, the rest
/// is copied through; then its thumbnail is made from the stored bytes. Remembers what it wrote so a failed or discarded
/// attempt leaves nothing behind.
/// </summary>
public sealed class BlobImageSink(IBlobStore blobs) : IImageSink
{
    private const int HeadBytes = 64 * 1024;
    private readonly ConcurrentBag<BlobKey> _written = [];

    public async Task<GeneratedImage> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[HeadBytes];
        var read = await content.ReadAtLeastAsync(head, HeadBytes, throwOnEndOfStream: false, cancellationToken);
        var format = OutputFormats.Sniff(head.AsSpan(0, read)) ?? throw new UnreadableImageException("the upstream's result is not a PNG, JPEG or WebP image");
        var size = ImageHeader.TryReadSize(head.AsSpan(0, read)) ?? throw new UnreadableImageException("the upstream's result has an unreadable image header");
        var key = new BlobKey(Ids.New("file_"), format);
        _written.Add(key);
        var length = await blobs.PutAsync(key, new PrefixedStream(head.AsMemory(0, read), content), cancellationToken);
        return new GeneratedImage(key, length, size.Width, size.Height) { Thumbnail = await SaveThumbnailAsync(key, cancellationToken) };
    }

    /// <summary>Null when the image cannot be decoded here: the gallery shows the image itself.</summary>
    private async Task<BlobKey?> SaveThumbnailAsync(BlobKey image, CancellationToken ct)
    {
        using var stored = new MemoryStream();
        await using (var stream = await blobs.OpenReadAsync(image, ct) ?? throw new IOException($"{image} was not stored"))
        {
            await stream.CopyToAsync(stored, ct);
        }
        byte[] thumbnail;
        try
        {
            thumbnail = Thumbnails.Make(stored.GetBuffer().AsSpan(0, (int)stored.Length));
        }
        catch (ImageDecodeException)
        {
            return null;
        }
        var key = image.Thumbnail(Thumbnails.Format);
        _written.Add(key);
        await blobs.PutAsync(key, thumbnail, ct);
        return key;
    }

    /// <summary>Deletes every blob written except <paramref name="kept"/>.</summary>
    public async Task DeleteAllExceptAsync(IReadOnlyCollection<GeneratedImage> kept)
    {
        foreach (var key in _written.Except(kept.SelectMany(k => k.Thumbnail is { } thumbnail ? [k.Key, thumbnail] : new[] { k.Key })))
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
        }
    }
}
