namespace Easel.Store;

/// <summary>API keys: stored as hashes, looked up by the hash of the presented secret.</summary>
public interface IKeyStore
{
    Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(string accountId, string name, KeyRole role, KeyMode mode, KeyLimits limits, CancellationToken ct);

    Task<ApiKey?> GetApiKeyAsync(string keyId, CancellationToken ct);

    Task<Page<ApiKey>> ListApiKeysAsync(string accountId, int limit, string? cursor, CancellationToken ct);

    Task<ApiKey?> SetApiKeyLimitsAsync(string keyId, KeyLimits limits, CancellationToken ct);

    Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken ct);

    Task<Caller?> FindCallerAsync(string secretHash, CancellationToken ct);
}
