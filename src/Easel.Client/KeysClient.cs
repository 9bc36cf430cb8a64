using Easel.Client.Http;

namespace Easel.Client;

/// <summary>The account's API keys. These routes need an owner key; a member key gets <see cref="EaselPermissionDeniedException"/>.</summary>
public sealed class KeysClient
{
    private readonly EaselTransport _transport;

    internal KeysClient(EaselTransport transport) => _transport = transport;

    /// <summary>The account's keys, revoked ones included, fetched a page at a time as you enumerate.</summary>
    public IAsyncEnumerable<ApiKey> ListAsync(CancellationToken cancellationToken = default) =>
        Pages.AllAsync(async (cursor, ct) =>
        {
            var page = await _transport.GetAsync(Pages.Query("api/keys", ("cursor", cursor)), EaselJson.Default.EnvelopeKeyPage, ct);
            return (page.Keys, page.NextCursor);
        }, cancellationToken);

    /// <summary>Creates a key; its <see cref="ApiKey.Secret"/> is in this answer only. Never retried, so a fault cannot make two.</summary>
    public Task<ApiKey> CreateAsync(NewApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _transport.SendAsync(HttpMethod.Post, "api/keys", EaselJson.Default.EnvelopeApiKey, cancellationToken,
            EaselTransport.Json(key, EaselJson.Default.NewApiKey));
    }

    /// <summary>Changes a key's limits, effective at once: a null limit stays as it is, 0 removes it.</summary>
    public Task<ApiKey> SetLimitsAsync(string keyId, ApiKeyLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentNullException.ThrowIfNull(limits);
        return _transport.SendAsync(HttpMethod.Patch, $"api/keys/{Uri.EscapeDataString(keyId)}", EaselJson.Default.EnvelopeApiKey, cancellationToken,
            EaselTransport.Json(limits, EaselJson.Default.ApiKeyLimits));
    }

    /// <summary>Revokes a key, effective at once; returns it with <see cref="ApiKey.RevokedAt"/> set.</summary>
    public Task<ApiKey> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        return _transport.SendAsync(HttpMethod.Delete, $"api/keys/{Uri.EscapeDataString(keyId)}", EaselJson.Default.EnvelopeApiKey, cancellationToken);
    }
}
