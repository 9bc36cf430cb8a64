using Dapper;
using Easel.Core;

namespace Easel.Store;

public sealed partial class SqliteStore
{
    private const string AccountColumns = "id, name, created_at, balance, reserved";
    private const string KeyColumns = "id, account_id, name, prefix, role, mode, created_at, revoked_at";

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
            $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId", new { accountId }, cancellationToken: ct)))?.ToAccount(), ct);

    public Task<Page<Account>> ListAccountsAsync(int limit, string? cursor, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<AccountRow>(new CommandDefinition(
                $"SELECT {AccountColumns} FROM accounts WHERE @cursor IS NULL OR id > @cursor ORDER BY id LIMIT @take",
                new { cursor, take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToAccount()).ToList();
            return Paged(rows, limit, a => a.Id);
        }, ct);

    public Task<GrantOutcome> GrantAsync(string accountId, long amount, string? reason, CancellationToken ct) =>
        WriteAsync<GrantOutcome>(async (c, tx) =>
        {
            var account = (await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
                $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId", new { accountId }, tx, cancellationToken: ct)))?.ToAccount();
            if (account is null)
            {
                return new GrantOutcome.NoSuchAccount();
            }
            if (amount < 0 && account.Available + amount < 0)
            {
                return new GrantOutcome.WouldGoNegative(account.Available);
            }
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE accounts SET balance = balance + @amount WHERE id = @accountId", new { accountId, amount }, tx, cancellationToken: ct));
            await AppendLedgerAsync(c, tx, accountId, null, LedgerKinds.Grant, amount, reason, ct);
            return new GrantOutcome.Granted(account with { Balance = checked(account.Balance + amount) });
        }, ct, outcome => outcome is GrantOutcome.Granted);

    public Task<IReadOnlyList<LedgerEntry>> GetLedgerAsync(string accountId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<LedgerEntry>>(async c => (await c.QueryAsync<LedgerRow>(new CommandDefinition(
            "SELECT id, account_id, task_id, kind, amount, reason, created_at FROM ledger WHERE account_id = @accountId ORDER BY id",
            new { accountId }, cancellationToken: ct))).Select(r => r.ToEntry()).ToList(), ct);

    public Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(string accountId, string name, KeyRole role, KeyMode mode, CancellationToken ct)
    {
        var secret = Ids.New(mode == KeyMode.Test ? "sk_test_" : "sk_live_", 24);
        var key = new ApiKey(Ids.New("key_"), accountId, name, secret[..12], role, mode, DateTimeOffset.FromUnixTimeMilliseconds(Now), null);
        return WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, role, mode, created_at) VALUES (@Id, @AccountId, @Name, @Prefix, @hash, @role, @mode, @created)",
                new { key.Id, key.AccountId, key.Name, key.Prefix, hash = Ids.HashSecret(secret), role = Wire(role), mode = Wire(mode), created = key.CreatedAt.ToUnixTimeMilliseconds() },
                tx, cancellationToken: ct));
            return (key, secret);
        }, ct);
    }

    public Task<ApiKey?> GetApiKeyAsync(string keyId, CancellationToken ct) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE id = @keyId", new { keyId }, cancellationToken: ct)))?.ToKey(), ct);

    public Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND revoked_at IS NULL", new { keyId, now = Now }, tx, cancellationToken: ct)) == 1, ct);

    public Task<Caller?> FindCallerAsync(string secretHash, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                $"SELECT {KeyColumns} FROM api_keys WHERE secret_hash = @secretHash AND revoked_at IS NULL", new { secretHash }, cancellationToken: ct));
            return row is null ? null : new Caller(row.AccountId, row.Id, ParseRole(row.Role), ParseMode(row.Mode));
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


        public Account ToAccount() => new(Id, Name, Time(CreatedAt), Balance, Reserved);
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


        public ApiKey ToKey() => new(Id, AccountId, Name, Prefix, ParseRole(Role), ParseMode(Mode), Time(CreatedAt), Time(RevokedAt));
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

public static class LedgerKinds
{
    public const string Grant = "grant";
    public const string Reserve = "reserve";
    public const string Capture = "capture";
    public const string Release = "release";
}
