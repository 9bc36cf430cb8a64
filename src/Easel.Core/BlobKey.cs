namespace Easel.Core;

/// <summary>
/// Where a stored image lives: its id and format give the one name it has in blob storage and in its file URL,
/// <c>{id}.{ext}</c>.
/// </summary>
public readonly record struct BlobKey(string Id, OutputFormat Format)
{
    private const string ThumbnailPrefix = "thumb_";

    public string Name => $"{Id}.{Format.Extension()}";

    /// <summary>The id of the file this key is the thumbnail of, when it is one.</summary>
    public string? ThumbnailOf => Id.StartsWith(ThumbnailPrefix, StringComparison.Ordinal) ? Id[ThumbnailPrefix.Length..] : null;

    /// <summary>Where the thumbnail of this file is kept: beside it (the id keeps its ending), in <paramref name="format"/>.</summary>
    public BlobKey Thumbnail(OutputFormat format) => new(ThumbnailPrefix + Id, format);

    /// <summary>The key <paramref name="name"/> spells, if it is one: an id, a dot and one of the stored extensions.</summary>
    public static bool TryParse(string? name, out BlobKey key)
    {
        var dot = name?.LastIndexOf('.') ?? -1;
        if (dot > 0 && OutputFormats.TryFromExtension(name![(dot + 1)..], out var format))
        {
            key = new BlobKey(name[..dot], format);
            return true;
        }
        key = default;
        return false;
    }

    public override string ToString() => Name;
}
