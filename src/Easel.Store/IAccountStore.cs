namespace Easel.Store;

/// <summary>Accounts, their balances and the append-only ledger behind them.</summary>
public interface IAccountStore
{
    Task<Account> CreateAccountAsync(string name, CancellationToken ct);

    Task<Account?> GetAccountAsync(string accountId, CancellationToken ct);

    Task<Page<Account>> ListAccountsAsync(int limit, string? cursor, CancellationToken ct);

    /// <summary>Adds (or, negative, removes) credits; a debit may not take more than the account has free.</summary>
    Task<GrantOutcome> GrantAsync(string accountId, long amount, string? reason, CancellationToken ct);

    /// <summary>Free images per day and the default key limits; null if there is no such account.</summary>
    Task<Account?> UpdateAccountSettingsAsync(string accountId, AccountSettings settings, CancellationToken ct);

    /// <summary>The account's ledger, oldest first, after the entry id <paramref name="afterId"/>.</summary>
    Task<Page<LedgerEntry>> GetLedgerAsync(string accountId, int limit, long? afterId, CancellationToken ct);

    /// <summary>The account's ledger, newest first, before the entry id <paramref name="beforeId"/>.</summary>
    Task<Page<LedgerEntry>> GetLedgerNewestFirstAsync(string accountId, int limit, long? beforeId, CancellationToken ct);
}
