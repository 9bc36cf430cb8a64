using System.Security.Cryptography;

namespace Easel.Core;

/// <summary>Unguessable identifiers and secrets: prefix + 128 or more random bits in lowercase Crockford base32.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(string prefix, int randomBytes = 16)
    {
        Span<byte> bytes = stackalloc byte[randomBytes];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base32(bytes);
    }

    public static string Base32(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, at = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[at++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            chars[at++] = Alphabet[(buffer << (5 - bits)) & 31];
        }
        return new string(chars, 0, at);
    }

    /// <summary>SHA-256 of a high-entropy secret, hex; what the store keeps instead of the secret.</summary>
    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    public static long NewSeed() => RandomNumberGenerator.GetInt32(int.MaxValue);
}
