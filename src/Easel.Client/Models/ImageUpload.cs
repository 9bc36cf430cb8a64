namespace Easel.Client;

/// <summary>An image sent in the request body (PNG, JPEG or WebP). Its content is read when the request is sent, again on a retry.</summary>
public sealed class ImageUpload
{
    private readonly Func<HttpContent> _content;

    private ImageUpload(string fileName, Func<HttpContent> content)
    {
        FileName = fileName;
        _content = content;
    }

    /// <summary>The file name sent with the part.</summary>
    public string FileName { get; }

    /// <summary>An image file on disk, opened when the request is sent.</summary>
    public static ImageUpload FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ImageUpload(Path.GetFileName(path), () => new StreamContent(File.OpenRead(path)));
    }

    /// <summary>An image held in memory.</summary>
    public static ImageUpload FromBytes(ReadOnlyMemory<byte> bytes, string fileName = "image.png") =>
        new(fileName, () => new ReadOnlyMemoryContent(bytes));

    /// <summary>
    /// An image read from <paramref name="stream"/>. The stream must be seekable for the request to be retried after a transient
    /// fault; it is not disposed.
    /// </summary>
    public static ImageUpload FromStream(Stream stream, string fileName = "image.png")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ImageUpload(fileName, () => new NonDisposingStreamContent(stream));
    }

    internal HttpContent CreateContent() => _content();

    private sealed class NonDisposingStreamContent(Stream stream) : StreamContent(stream)
    {
        // The caller owns the stream: disposing the content must not dispose it.
        protected override void Dispose(bool disposing) => base.Dispose(disposing: false);
    }
}
