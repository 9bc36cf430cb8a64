namespace Easel.Store;

/// <summary>Node-wide named values every node shares (the file-signing key, the admin key's hash).</summary>
public interface ISettingsStore
{
    Task<string?> GetSettingAsync(string name, CancellationToken ct);

    /// <summary>Stores the value unless one is there already; returns the value in force.</summary>
    Task<string> GetOrAddSettingAsync(string name, string value, CancellationToken ct);

    Task SetSettingAsync(string name, string value, CancellationToken ct);
}
