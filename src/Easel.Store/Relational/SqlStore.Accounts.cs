using Dapper;
using Easel.Core;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const string AccountColumns =
        "id, name, created_at, balance, reserved, free_images_per_day, free_day, free_used, requests_per_minute, max_concurrent_tasks";

    private const string KeyColumns =
        "id, account_id, name, prefix, role, mode, created_at, revoked_at, requests_per_minute, max_concurrent_tasks, daily_spend_limit";

    private const long DayMs = 86_400_000;

    private long Today => Now / DayMs;

    public Task<string?> GetSettingAsync(string name, CancellationToken ct) =>
        ReadAsync(c => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("SELECT value FROM settings WHERE name = @name", new { name }, cancellationToken: ct)), ct);

    public Task<string> GetOrAddSettingAsync(string name, string value, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING", new { name, value }, tx, cancellationToken: ct));
            return await c.QuerySingleAsync<string>(new CommandDefinition("SELECT value FROM settings WHERE name = @name", new { name }, tx, cancellationToken: ct));
        }, ct);

    public Task SetSettingAsync(string name, string value, CancellationToken ct) =>
        WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value", new { name, value }, tx, cancellationToken: ct)), ct);

    public Task<Account> CreateAccountAsync(string name, CancellationToken ct)
    {
        var account = new Account(Ids.New("acct_"), name, DateTimeOffset.FromUnixTimeMilliseconds(Now), 0, 0);
        return WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO accounts (id, name, created_at, balance, reserved) VALUES (@Id, @Name, @created, 0, 0)",
                new { account.Id, account.Name, created = account.CreatedAt.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            return account;
        }, ct);
    }

    public Task<Account?> GetAccountAsync(string accountId, CancellationToken ct) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId", new { accountId }, cancellationToken: ct)))?.ToAccount(Today), ct);

    public Task<Account?> UpdateAccountSettingsAsync(string accountId, AccountSettings settings, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE accounts SET
                    free_images_per_day = COALESCE(@FreeImagesPerDay, free_images_per_day),
                    requests_per_minute = CASE WHEN @RequestsPerMinute IS NULL THEN requests_per_minute WHEN @RequestsPerMinute = 0 THEN NULL ELSE @RequestsPerMinute END,
                    max_concurrent_tasks = CASE WHEN @MaxConcurrentTasks IS NULL THEN max_concurrent_tasks WHEN @MaxConcurrentTasks = 0 THEN NULL ELSE @MaxConcurrentTasks END
                WHERE id = @accountId
                """, new { accountId, settings.FreeImagesPerDay, settings.RequestsPerMinute, settings.MaxConcurrentTasks }, tx, cancellationToken: ct));
            return changed == 0 ? null : (await c.QuerySingleAsync<AccountRow>(new CommandDefinition(
                $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId", new { accountId }, tx, cancellationToken: ct))).ToAccount(Today);
        }, ct);

    public Task<Page<Account>> ListAccountsAsync(int limit, string? cursor, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<AccountRow>(new CommandDefinition(
                $"SELECT {AccountColumns} FROM accounts WHERE @cursor IS NULL OR id > @cursor ORDER BY id LIMIT @take",
                new { cursor, take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToAccount(Today)).ToList();
            return Paged(rows, limit, a => a.Id);
        }, ct);

    public Task<GrantOutcome> GrantAsync(string accountId, long amount, string? reason, CancellationToken ct) =>
        WriteAsync<GrantOutcome>(async (c, tx) =>
        {
            var granted = await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
                $"""
                UPDATE accounts SET balance = balance + @amount
                WHERE id = @accountId AND (@amount >= 0 OR balance - reserved + @amount >= 0)
                RETURNING {AccountColumns}
                """, new { accountId, amount }, tx, cancellationToken: ct));
            if (granted is null)
            {
                var account = await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
                    $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId", new { accountId }, tx, cancellationToken: ct));
                return account is null ? new GrantOutcome.NoSuchAccount() : new GrantOutcome.WouldGoNegative(account.Balance - account.Reserved);
            }
            await AppendLedgerAsync(c, tx, accountId, null, LedgerKinds.Grant, amount, reason, ct);
            return new GrantOutcome.Granted(granted.ToAccount(Today));
        }, ct, outcome => outcome is GrantOutcome.Granted);

    public Task<Page<LedgerEntry>> GetLedgerAsync(string accountId, int limit, long? afterId, CancellationToken ct) =>
        ReadLedgerAsync(accountId, limit, "id > @cursor ORDER BY id", afterId ?? 0, ct);

    public Task<Page<LedgerEntry>> GetLedgerNewestFirstAsync(string accountId, int limit, long? beforeId, CancellationToken ct) =>
        ReadLedgerAsync(accountId, limit, "id < @cursor ORDER BY id DESC", beforeId ?? long.MaxValue, ct);

    /// <summary>A page of the account's ledger: <paramref name="order"/> says which rows follow the cursor's and in what order.</summary>
    private Task<Page<LedgerEntry>> ReadLedgerAsync(string accountId, int limit, string order, long cursor, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<LedgerRow>(new CommandDefinition(
                $"""
                SELECT id, account_id, task_id, kind, amount, reason, created_at FROM ledger
                WHERE account_id = @accountId AND {order} LIMIT @take
                """, new { accountId, cursor, take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToEntry()).ToList();
            return Paged(rows, limit, e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, ct);

    public Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(string accountId, string name, KeyRole role, KeyMode mode, KeyLimits limits, CancellationToken ct)
    {
        var secret = Ids.New(mode == KeyMode.Test ? "sk_test_" : "sk_live_", 24);
        var key = new ApiKey(Ids.New("key_"), accountId, name, secret[..12], role, mode, DateTimeOffset.FromUnixTimeMilliseconds(Now), null) { Limits = limits };
        return WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, role, mode, created_at, requests_per_minute, max_concurrent_tasks, daily_spend_limit)
                VALUES (@Id, @AccountId, @Name, @Prefix, @hash, @role, @mode, @created, @RequestsPerMinute, @MaxConcurrentTasks, @DailySpendLimit)
                """,
                new
                {
                    key.Id,
                    key.AccountId,
                    key.Name,
                    key.Prefix,
                    hash = Ids.HashSecret(secret),
                    role = Wire(role),
                    mode = Wire(mode),
                    created = key.CreatedAt.ToUnixTimeMilliseconds(),
                    limits.RequestsPerMinute,
                    limits.MaxConcurrentTasks,
                    limits.DailySpendLimit,
                },
                tx, cancellationToken: ct));
            return (key, secret);
        }, ct);
    }

    public Task<ApiKey?> GetApiKeyAsync(string keyId, CancellationToken ct) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE id = @keyId", new { keyId }, cancellationToken: ct)))?.ToKey(), ct);

    public Task<Page<ApiKey>> ListApiKeysAsync(string accountId, int limit, string? cursor, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<KeyRow>(new CommandDefinition(
                $"SELECT {KeyColumns} FROM api_keys WHERE account_id = @accountId AND (@cursor IS NULL OR id > @cursor) ORDER BY id LIMIT @take",
                new { accountId, cursor, take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToKey()).ToList();
            return Paged(rows, limit, k => k.Id);
        }, ct);

    public Task<ApiKey?> SetApiKeyLimitsAsync(string keyId, KeyLimits limits, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE api_keys SET requests_per_minute = @RequestsPerMinute, max_concurrent_tasks = @MaxConcurrentTasks, daily_spend_limit = @DailySpendLimit
                WHERE id = @keyId
                """, new { keyId, limits.RequestsPerMinute, limits.MaxConcurrentTasks, limits.DailySpendLimit }, tx, cancellationToken: ct));
            return (await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                $"SELECT {KeyColumns} FROM api_keys WHERE id = @keyId", new { keyId }, tx, cancellationToken: ct)))?.ToKey();
        }, ct);

    public Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND revoked_at IS NULL", new { keyId, now = Now }, tx, cancellationToken: ct)) == 1, ct);

    public Task<Caller?> FindCallerAsync(string secretHash, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<CallerRow>(new CommandDefinition(
                """
                SELECT k.id, k.account_id, k.role, k.mode,
                    COALESCE(k.requests_per_minute, a.requests_per_minute) AS requests_per_minute,
                    COALESCE(k.max_concurrent_tasks, a.max_concurrent_tasks) AS max_concurrent_tasks,
                    k.daily_spend_limit
                FROM api_keys k JOIN accounts a ON a.id = k.account_id
                WHERE k.secret_hash = @secretHash AND k.revoked_at IS NULL
                """, new { secretHash }, cancellationToken: ct));
            return row is null ? null : new Caller(row.AccountId, row.Id, ParseRole(row.Role), ParseMode(row.Mode))
            {
                Limits = new KeyLimits((int?)row.RequestsPerMinute, (int?)row.MaxConcurrentTasks, row.DailySpendLimit),
            };
        }, ct);

    private async Task AppendLedgerAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string accountId, string? taskId, string kind, long amount, string? reason, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO ledger (account_id, task_id, kind, amount, reason, created_at) VALUES (@accountId, @taskId, @kind, @amount, @reason, @now)",
            new { accountId, taskId, kind, amount, reason, now = Now }, tx, cancellationToken: ct));

    private static Page<T> Paged<T>(List<T> rows, int limit, Func<T, string> cursorOf)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }
        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, cursorOf(rows[^1]));
    }

    private static string Wire(KeyRole role) => role.ToWire();

    private static string Wire(KeyMode mode) => mode.ToWire();

    private static KeyRole ParseRole(string role) => role == "owner" ? KeyRole.Owner : KeyRole.Member;

    private static KeyMode ParseMode(string mode) => mode == "test" ? KeyMode.Test : KeyMode.Live;

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private sealed class AccountRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public long CreatedAt { get; init; }
        public long Balance { get; init; }
        public long Reserved { get; init; }
        public long FreeImagesPerDay { get; init; }
        public long FreeDay { get; init; }
        public long FreeUsed { get; init; }
        public long? RequestsPerMinute { get; init; }
        public long? MaxConcurrentTasks { get; init; }

        /// <summary>Free images left on <paramref name="today"/>: the count restarts each UTC day.</summary>
        public int FreeLeft(long today) => (int)Math.Max(0, FreeImagesPerDay - (FreeDay == today ? FreeUsed : 0));

        public Account ToAccount(long today) => new(Id, Name, Time(CreatedAt), Balance, Reserved)
        {
            FreeImagesPerDay = (int)FreeImagesPerDay,
            FreeImagesLeftToday = FreeLeft(today),
            DefaultKeyLimits = new KeyLimits((int?)RequestsPerMinute, (int?)MaxConcurrentTasks, null),
        };
    }

    private sealed class CallerRow
    {
        public string Id { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string Role { get; init; } = "";
        public string Mode { get; init; } = "";
        public long? RequestsPerMinute { get; init; }
        public long? MaxConcurrentTasks { get; init; }
        public long? DailySpendLimit { get; init; }
    }

    private sealed class KeyRow
    {
        public string Id { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
        public string Role { get; init; } = "";
        public string Mode { get; init; } = "";
        public long CreatedAt { get; init; }
        public long? RevokedAt { get; init; }
        public long? RequestsPerMinute { get; init; }
        public long? MaxConcurrentTasks { get; init; }
        public long? DailySpendLimit { get; init; }

        public ApiKey ToKey() => new(Id, AccountId, Name, Prefix, ParseRole(Role), ParseMode(Mode), Time(CreatedAt), Time(RevokedAt))
        {
            Limits = new KeyLimits((int?)RequestsPerMinute, (int?)MaxConcurrentTasks, DailySpendLimit),
        };
    }

    private sealed class LedgerRow
    {
        public long Id { get; init; }
        public string AccountId { get; init; } = "";
        public string? TaskId { get; init; }
        public string Kind { get; init; } = "";
        public long Amount { get; init; }
        public string? Reason { get; init; }
        public long CreatedAt { get; init; }


        public LedgerEntry ToEntry() => new(Id, AccountId, TaskId, Kind, Amount, Reason, Time(CreatedAt));
    }
}
