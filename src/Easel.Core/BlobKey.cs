namespace Easel.Core;

/// <summary>
/// Where a stored image lives: its id and format give the one name it has in blob storage and in its file URL,
/// <c>{id}.{ext}</c>.
/// </summary>
public readonly record struct BlobKey(string Id, OutputFormat Format)
{
    public string Name => $"{Id}.{Format.Extension()}";

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
