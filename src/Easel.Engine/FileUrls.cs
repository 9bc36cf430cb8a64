using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Easel.Core;
using Easel.Store;

namespace Easel.Engine;

/// <summary>Signed, expiring file URLs: <c>{base}/files/{id}.{ext}?exp={unix seconds}&amp;sig={HMAC}</c> (SPEC §8).</summary>
public sealed class FileUrls(byte[] signingKey)
{
    public string Sign(string baseUrl, StoredFile file) => Sign(baseUrl, file.Key, file.ExpiresAt);

    /// <summary>The link to a file's thumbnail, good as long as the file's own; null when it has none.</summary>
    public string? SignThumbnail(string baseUrl, StoredFile file) => file.Thumbnail is { } key ? Sign(baseUrl, key, file.ExpiresAt) : null;

    public string Sign(string baseUrl, BlobKey key, DateTimeOffset expiresAt)
    {
        var exp = expiresAt.ToUnixTimeSeconds();
        var name = key.Name;
        return string.Create(CultureInfo.InvariantCulture, $"{baseUrl.TrimEnd('/')}/files/{name}?exp={exp}&sig={Signature(name, exp)}");
    }

    public bool Verify(string name, long exp, string? sig)
    {
        if (sig is null)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Signature(name, exp));
        var given = Encoding.ASCII.GetBytes(sig);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private string Signature(string name, long exp)
    {
        var mac = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{name}\n{exp}")));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
