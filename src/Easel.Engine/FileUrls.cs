using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Easel.Store;

namespace Easel.Engine;

/// <summary>Signed, expiring file URLs: <c>{base}/files/{id}.{ext}?exp={unix seconds}&amp;sig={HMAC}</c> (SPEC §8).</summary>
public sealed class FileUrls(byte[] signingKey)
{
    public string Sign(string baseUrl, StoredFile file)
    {
        var exp = file.ExpiresAt.ToUnixTimeSeconds();
        var name = file.Key.Name;
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
