using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Easel.Client;

/// <summary>
/// Checks an Easel webhook (Standard Webhooks): the <c>webhook-signature</c> header must hold a <c>v1,</c> signature made with the
/// account's <c>whsec_</c> secret over <c>webhook-id.webhook-timestamp.body</c>, and the timestamp must be within five minutes.
/// Pass the body exactly as received: re-serialised JSON does not verify.
/// </summary>
public sealed class WebhookVerifier
{
    /// <summary>How far a webhook's timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private const string SecretPrefix = "whsec_";
    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    /// <summary>A verifier for the account's secret (<see cref="EaselClient.Webhooks"/> gives it).</summary>
    /// <param name="secret">The account's secret, with or without its <c>whsec_</c> prefix.</param>
    /// <param name="clock">The clock the timestamp is checked against; the system's when null.</param>
    public WebhookVerifier(string secret, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Throws <see cref="WebhookVerificationException"/> unless the webhook is authentic and fresh.</summary>
    public void Verify(ReadOnlySpan<byte> body, string? webhookId, string? webhookTimestamp, string? webhookSignature)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookTimestamp) || string.IsNullOrEmpty(webhookSignature))
        {
            throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        if (!long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new WebhookVerificationException("webhook-timestamp is not a Unix time in seconds");
        }
        var age = _clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age > Tolerance || age < -Tolerance)
        {
            throw new WebhookVerificationException("webhook-timestamp is more than five minutes away from now");
        }
        var expected = Compute(webhookId, seconds, body);
        foreach (var candidate in webhookSignature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || candidate[..comma] != "v1")
            {
                continue;
            }
            var presented = new byte[32];
            if (Convert.TryFromBase64String(candidate[(comma + 1)..], presented, out var length) && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(presented.AsSpan(0, length), expected))
            {
                return;
            }
        }
        throw new WebhookVerificationException("no signature matches");
    }

    /// <summary>Throws <see cref="WebhookVerificationException"/> unless the webhook is authentic and fresh; the body as a string (UTF-8 on the wire).</summary>
    public void Verify(string body, string? webhookId, string? webhookTimestamp, string? webhookSignature) =>
        Verify(Encoding.UTF8.GetBytes(body), webhookId, webhookTimestamp, webhookSignature);

    /// <summary>The <c>v1,</c> signature this secret gives the message.</summary>
    public string Sign(string webhookId, DateTimeOffset timestamp, string body) =>
        "v1," + Convert.ToBase64String(Compute(webhookId, timestamp.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body)));

    private byte[] Compute(string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{webhookId}.{timestamp}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(_key, signed);
    }
}

/// <summary>A webhook that is not authentic or not fresh; the message says which check failed.</summary>
/// <param name="message">What failed.</param>
public sealed class WebhookVerificationException(string message) : Exception(message);
