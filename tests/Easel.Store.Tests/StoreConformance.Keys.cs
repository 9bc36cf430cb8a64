namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task A_new_key_is_stored_only_as_the_hash_of_its_secret()
    {
        var account = await NewAccountAsync();

        var (key, secret) = await Store.CreateApiKeyAsync(account.Id, "ci", KeyRole.Member, KeyMode.Live, KeyLimits.None, Ct);

        Assert.StartsWith("sk_live_", secret, StringComparison.Ordinal);
        Assert.StartsWith("key_", key.Id, StringComparison.Ordinal);
        Assert.Equal(secret[..12], key.Prefix);
        Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM api_keys WHERE secret_hash = '{secret}'"));
        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM api_keys WHERE secret_hash = '{Ids.HashSecret(secret)}'"));
        var caller = await Store.FindCallerAsync(Ids.HashSecret(secret), Ct);
        Assert.Equal(new Caller(account.Id, key.Id, KeyRole.Member, KeyMode.Live), caller);
        Assert.False(caller!.IsTest);
        Assert.Null(await Store.FindCallerAsync(secret, Ct));
    }

    [Fact]
    public async Task A_test_key_has_a_test_secret_and_a_test_caller()
    {
        var account = await NewAccountAsync();

        var (key, secret) = await Store.CreateApiKeyAsync(account.Id, "sandbox", KeyRole.Owner, KeyMode.Test, KeyLimits.None, Ct);

        Assert.StartsWith("sk_test_", secret, StringComparison.Ordinal);
        var caller = await Store.FindCallerAsync(Ids.HashSecret(secret), Ct);
        Assert.Equal((key.Id, KeyRole.Owner, true), (caller!.KeyId, caller.Role, caller.IsTest));
    }

    [Fact]
    public async Task A_key_reads_back_with_its_role_mode_and_limits()
    {
        var account = await NewAccountAsync();
        var before = Clock.GetUtcNow();
        var (key, _) = await Store.CreateApiKeyAsync(account.Id, "batch", KeyRole.Member, KeyMode.Test, new KeyLimits(5, 2, 300), Ct);

        var read = await Store.GetApiKeyAsync(key.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal((key.Id, account.Id, "batch", key.Prefix, KeyRole.Member, KeyMode.Test), (read.Id, read.AccountId, read.Name, read.Prefix, read.Role, read.Mode));
        Assert.Equal(new KeyLimits(5, 2, 300), read.Limits);
        Assert.Null(read.RevokedAt);
        AssertTakenSince(before, read.CreatedAt);
        Assert.Null(await Store.GetApiKeyAsync("key_missing", Ct));
    }

    [Fact]
    public async Task Keys_list_in_pages_per_account()
    {
        var account = await NewAccountAsync();
        var other = await NewAccountAsync(name: "other");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Store.CreateApiKeyAsync(account.Id, $"key {i}", KeyRole.Owner, KeyMode.Live, KeyLimits.None, Ct)).Key.Id);
        }
        await Store.CreateApiKeyAsync(other.Id, "theirs", KeyRole.Owner, KeyMode.Live, KeyLimits.None, Ct);

        var first = await Store.ListApiKeysAsync(account.Id, 2, null, Ct);
        var second = await Store.ListApiKeysAsync(account.Id, 2, first.NextCursor, Ct);

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        Assert.Single(second.Items);
        Assert.Null(second.NextCursor);
        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Items.Concat(second.Items).Select(k => k.Id));
    }

    [Fact]
    public async Task Setting_key_limits_replaces_them()
    {
        var account = await NewAccountAsync();
        var (key, secret) = await Store.CreateApiKeyAsync(account.Id, "k", KeyRole.Owner, KeyMode.Live, new KeyLimits(1, 1, 1), Ct);

        var changed = await Store.SetApiKeyLimitsAsync(key.Id, new KeyLimits(10, null, 500), Ct);

        Assert.Equal(new KeyLimits(10, null, 500), changed!.Limits);
        Assert.Equal(new KeyLimits(10, null, 500), (await Store.GetApiKeyAsync(key.Id, Ct))!.Limits);
        Assert.Equal(new KeyLimits(10, null, 500), (await Store.FindCallerAsync(Ids.HashSecret(secret), Ct))!.Limits);
        Assert.Null(await Store.SetApiKeyLimitsAsync("key_missing", KeyLimits.None, Ct));
    }

    [Fact]
    public async Task A_revoked_key_finds_no_caller_and_revokes_once()
    {
        var account = await NewAccountAsync();
        var (key, secret) = await Store.CreateApiKeyAsync(account.Id, "k", KeyRole.Owner, KeyMode.Live, KeyLimits.None, Ct);
        var before = Clock.GetUtcNow();

        Assert.True(await Store.RevokeApiKeyAsync(key.Id, Ct));

        Assert.Null(await Store.FindCallerAsync(Ids.HashSecret(secret), Ct));
        AssertTakenSince(before, (await Store.GetApiKeyAsync(key.Id, Ct))!.RevokedAt);
        Assert.False(await Store.RevokeApiKeyAsync(key.Id, Ct));
        Assert.False(await Store.RevokeApiKeyAsync("key_missing", Ct));
    }

    [Fact]
    public async Task The_account_default_limits_apply_where_a_key_sets_none()
    {
        var account = await NewAccountAsync();
        await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(null, 30, 4), Ct);

        var own = await NewCallerAsync(account.Id, new KeyLimits(null, 2, 100));
        var none = await NewCallerAsync(account.Id);

        Assert.Equal(new KeyLimits(30, 2, 100), own.Limits);
        Assert.Equal(new KeyLimits(30, 4, null), none.Limits);
    }
}
