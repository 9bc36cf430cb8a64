using Easel.Core;
using Easel.Engine;
using Easel.Store;

namespace Easel.Server;

/// <summary>Easel cannot start as configured; the message says why, for the operator.</summary>
public sealed class StartupException(string message, Exception inner) : Exception(message, inner);

/// <summary>What must exist before the first request: the data folder, the schema, the file-signing key and the admin key.</summary>
public static class Bootstrap
{
    public sealed record Secrets(byte[] FileSigningKey, string AdminKeyHash, string? NewAdminKey);

    public static async Task<Secrets> PrepareAsync(IEaselStore store, EaselOptions options, CancellationToken ct)
    {
        try
        {
            await store.MigrateAsync(ct);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new StartupException($"the {Storage.Describe(options)} could not be opened: {e.Message}", e);
        }
        var signing = await store.GetOrAddSettingAsync("file_signing_key", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), ct);
        if (!string.IsNullOrEmpty(options.Admin.Key))
        {
            var fixedHash = Ids.HashSecret(options.Admin.Key);
            await store.SetSettingAsync("admin_key_hash", fixedHash, ct);
            return new Secrets(Convert.FromBase64String(signing), fixedHash, null);
        }
        var candidate = Ids.New("sk_admin_", 24);
        var hash = await store.GetOrAddSettingAsync("admin_key_hash", Ids.HashSecret(candidate), ct);
        var created = hash == Ids.HashSecret(candidate) ? candidate : null;
        return new Secrets(Convert.FromBase64String(signing), hash, created);
    }
}
