using System.Security.Cryptography;
using System.Text;

namespace Easel.Engine.Webhooks;

/// <summary>Standard Webhooks signing: <c>v1,</c> + base64 HMAC-SHA256 over <c>id.timestamp.body</c>, keyed by the secret's base64 part.</summary>
public static class WebhookSignature
{
    private const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var prefix = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{messageId}.{timestamp}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per secret in force, space-separated.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
        {
            signatures.Add(Sign(secret, messageId, timestamp, body));
        }
        return string.Join(' ', signatures);
    }
}
