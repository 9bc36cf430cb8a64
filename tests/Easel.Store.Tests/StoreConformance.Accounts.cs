namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task A_new_account_is_empty_and_reads_back()
    {
        var before = Clock.GetUtcNow();
        var created = await Store.CreateAccountAsync("Acme Pictures", Ct);

        var read = await AccountAsync(created.Id);
        Assert.StartsWith("acct_", read.Id, StringComparison.Ordinal);
        Assert.Equal("Acme Pictures", read.Name);
        Assert.Equal((0L, 0L, 0, 0), (read.Balance, read.Reserved, read.FreeImagesPerDay, read.FreeImagesLeftToday));
        Assert.Equal(KeyLimits.None, read.DefaultKeyLimits);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        AssertTakenSince(before, read.CreatedAt);
        Assert.Null(await Store.GetAccountAsync("acct_missing", Ct));
    }

    [Fact]
    public async Task Accounts_list_in_pages_by_id_without_gaps_or_repeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Store.CreateAccountAsync($"account {i}", Ct)).Id);
        }

        var seen = new List<string>();
        var sizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await Store.ListAccountsAsync(2, cursor, Ct);
            sizes.Add(page.Items.Count);
            seen.AddRange(page.Items.Select(a => a.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
        Assert.Empty((await Store.ListAccountsAsync(10, seen[^1], Ct)).Items);
    }

    [Fact]
    public async Task Grant_adds_credits_and_writes_a_grant_row()
    {
        var account = await Store.CreateAccountAsync("acme", Ct);

        var granted = Assert.IsType<GrantOutcome.Granted>(await Store.GrantAsync(account.Id, 100, "top-up", Ct));

        Assert.Equal((100L, 0L), (granted.Account.Balance, granted.Account.Reserved));
        Assert.Equal(100, (await AccountAsync(account.Id)).Balance);
        var row = Assert.Single(await LedgerAsync(account.Id));
        Assert.Equal((account.Id, (string?)null, LedgerKinds.Grant, 100L, (string?)"top-up"), (row.AccountId, row.TaskId, row.Kind, row.Amount, row.Reason));
    }

    [Fact]
    public async Task A_debit_beyond_the_available_credits_is_refused_and_changes_nothing()
    {
        var account = await NewAccountAsync(balance: 10);
        var caller = await NewCallerAsync(account.Id);
        await SubmitAsync(caller, price: 4);

        var refused = Assert.IsType<GrantOutcome.WouldGoNegative>(await Store.GrantAsync(account.Id, -7, "chargeback", Ct));

        Assert.Equal(6, refused.Available);
        var after = await AccountAsync(account.Id);
        Assert.Equal((10L, 4L), (after.Balance, after.Reserved));
        Assert.Equal([(LedgerKinds.Grant, 10L), (LedgerKinds.Reserve, 4L)], await MovementsAsync(account.Id));

        var debited = Assert.IsType<GrantOutcome.Granted>(await Store.GrantAsync(account.Id, -6, "chargeback", Ct));
        Assert.Equal((4L, 4L, 0L), (debited.Account.Balance, debited.Account.Reserved, debited.Account.Available));
        Assert.Equal([(LedgerKinds.Grant, 10L), (LedgerKinds.Reserve, 4L), (LedgerKinds.Grant, -6L)], await MovementsAsync(account.Id));
        await AssertBooksMatchLedgerAsync(account.Id);
    }

    [Fact]
    public async Task Grant_to_an_unknown_account_is_NoSuchAccount()
    {
        Assert.IsType<GrantOutcome.NoSuchAccount>(await Store.GrantAsync("acct_missing", 10, null, Ct));
        Assert.IsType<GrantOutcome.NoSuchAccount>(await Store.GrantAsync("acct_missing", -10, null, Ct));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM ledger"));
    }

    [Fact]
    public async Task Account_settings_update_leaves_nulls_alone_and_zero_removes_a_limit()
    {
        var account = await NewAccountAsync();

        var set = await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(3, 60, 2), Ct);
        Assert.NotNull(set);
        Assert.Equal((3, 3), (set.FreeImagesPerDay, set.FreeImagesLeftToday));
        Assert.Equal(new KeyLimits(60, 2, null), set.DefaultKeyLimits);

        var kept = await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(null, null, null), Ct);
        Assert.Equal((3, new KeyLimits(60, 2, null)), (kept!.FreeImagesPerDay, kept.DefaultKeyLimits));

        var removed = await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(null, 0, null), Ct);
        Assert.Equal((3, new KeyLimits(null, 2, null)), (removed!.FreeImagesPerDay, removed.DefaultKeyLimits));

        var cleared = await Store.UpdateAccountSettingsAsync(account.Id, new AccountSettings(0, null, 0), Ct);
        Assert.Equal((0, 0, KeyLimits.None), (cleared!.FreeImagesPerDay, cleared.FreeImagesLeftToday, cleared.DefaultKeyLimits));
        Assert.Equal((0, KeyLimits.None), ((await AccountAsync(account.Id)).FreeImagesPerDay, (await AccountAsync(account.Id)).DefaultKeyLimits));

        Assert.Null(await Store.UpdateAccountSettingsAsync("acct_missing", new AccountSettings(1, 1, 1), Ct));
    }

    [Fact]
    public async Task The_ledger_pages_oldest_first_without_gaps()
    {
        var (account, other) = await SevenGrantsAsync();

        var pages = await LedgerPagesAsync(account.Id, (after, ct) => Store.GetLedgerAsync(account.Id, 3, after, ct));

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        var entries = pages.SelectMany(p => p).ToList();
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], entries.Select(e => e.Amount));
        Assert.Equal(entries.Select(e => e.Id).Order(), entries.Select(e => e.Id));
        Assert.Equal(7, entries.Select(e => e.Id).Distinct().Count());
        Assert.Equal([(LedgerKinds.Grant, 1000L)], await MovementsAsync(other.Id));
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_without_gaps()
    {
        var (account, _) = await SevenGrantsAsync();

        var pages = await LedgerPagesAsync(account.Id, (before, ct) => Store.GetLedgerNewestFirstAsync(account.Id, 3, before, ct));

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        var entries = pages.SelectMany(p => p).ToList();
        Assert.Equal([7L, 6, 5, 4, 3, 2, 1], entries.Select(e => e.Amount));
        Assert.Equal((await LedgerAsync(account.Id)).Select(e => e.Id).Reverse(), entries.Select(e => e.Id));
        Assert.Empty((await Store.GetLedgerNewestFirstAsync("acct_nobody", 10, null, Ct)).Items);
    }

    /// <summary>An account with grants of 1 to 7 credits, and another account with a ledger of its own.</summary>
    private async Task<(Account Account, Account Other)> SevenGrantsAsync()
    {
        var account = await NewAccountAsync();
        for (var amount = 1; amount <= 7; amount++)
        {
            await Store.GrantAsync(account.Id, amount, $"grant {amount}", Ct);
        }
        return (account, await NewAccountAsync(balance: 1000, name: "other"));
    }

    /// <summary>Reads pages with <paramref name="read"/>, each from the cursor the one before gave, checking each holds only the account's rows.</summary>
    private static async Task<List<IReadOnlyList<LedgerEntry>>> LedgerPagesAsync(string accountId, Func<long?, CancellationToken, Task<Page<LedgerEntry>>> read)
    {
        var pages = new List<IReadOnlyList<LedgerEntry>>();
        long? cursor = null;
        while (true)
        {
            var page = await read(cursor, Ct);
            Assert.All(page.Items, e => Assert.Equal(accountId, e.AccountId));
            pages.Add(page.Items);
            if (page.NextCursor is null || pages.Count > 10)
            {
                return pages;
            }
            cursor = long.Parse(page.NextCursor, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
