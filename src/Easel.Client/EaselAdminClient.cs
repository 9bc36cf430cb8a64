using System.Globalization;
using Easel.Client.Http;

namespace Easel.Client;

/// <summary>
/// The operator's client of Easel's admin API, with the admin key (<c>sk_admin_…</c>): accounts and their credits and keys, the
/// tasks of every account, the channels and the queue. It retries as <see cref="EaselClient"/> does; a grant carries an
/// <c>Idempotency-Key</c>, so its retries credit once.
/// </summary>
public sealed class EaselAdminClient : IDisposable
{
    private readonly EaselTransport _transport;

    /// <summary>A client of the server at <paramref name="baseUrl"/> using the admin key, with the default options.</summary>
    public EaselAdminClient(Uri baseUrl, string adminKey)
        : this(new EaselClientOptions { BaseUrl = baseUrl, ApiKey = adminKey })
    {
    }

    /// <summary>A client with its own connection pool and retries; <see cref="EaselClientOptions.ApiKey"/> is the admin key.</summary>
    public EaselAdminClient(EaselClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport = new EaselTransport(EaselTransport.CreateHttpClient(options), options, ownsHttp: true);
    }

    /// <summary>A client over an <see cref="HttpClient"/> you configure; it is not disposed with the client.</summary>
    public EaselAdminClient(HttpClient httpClient, EaselClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _transport = new EaselTransport(httpClient, options, ownsHttp: false);
    }

    /// <summary>Creates an account with no credits. Not retried, so a fault cannot make two.</summary>
    public Task<AdminAccount> CreateAccountAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _transport.SendBareAsync(HttpMethod.Post, "admin/accounts", AdminJson.Default.AdminAccount, cancellationToken,
            EaselTransport.Json(new NewAccount(name), AdminJson.Default.NewAccount));
    }

    /// <summary>Every account, oldest first, fetched a page at a time as you enumerate.</summary>
    /// <param name="pageSize">Accounts per request (1–200; the server's default when null).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<AdminAccount> ListAccountsAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages.AllAsync(async (cursor, ct) =>
        {
            var page = await _transport.SendBareAsync(HttpMethod.Get, Pages.Query("admin/accounts", ("limit", Text(pageSize)), ("cursor", cursor)),
                AdminJson.Default.AccountPage, ct);
            return (page.Accounts, page.NextCursor);
        }, cancellationToken);

    /// <summary>One account.</summary>
    /// <exception cref="EaselNotFoundException">There is no such account.</exception>
    public Task<AdminAccount> GetAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        _transport.SendBareAsync(HttpMethod.Get, AccountPath(accountId), AdminJson.Default.AdminAccount, cancellationToken);

    /// <summary>Changes an account's free images and its keys' default limits, effective at once.</summary>
    public Task<AdminAccount> UpdateAccountAsync(string accountId, AccountSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _transport.SendBareAsync(HttpMethod.Patch, AccountPath(accountId), AdminJson.Default.AdminAccount, cancellationToken,
            EaselTransport.Json(settings, AdminJson.Default.AccountSettings));
    }

    /// <summary>Adds credits to an account (a negative <paramref name="amount"/> debits it) and returns its new balance.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="amount">Credits to add, or to take away when negative.</param>
    /// <param name="reason">Kept in the ledger with the grant.</param>
    /// <param name="idempotencyKey">Makes a repeat of this call grant once; a random one is used when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="EaselInvalidRequestException">A debit exceeds what the account has available.</exception>
    public async Task<AdminAccount> GrantCreditsAsync(
        string accountId, long amount, string? reason = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = _transport.Request(HttpMethod.Post, $"{AccountPath(accountId)}/credits",
            EaselTransport.Json(new Grant(amount, reason), AdminJson.Default.Grant)).WithIdempotencyKey(idempotencyKey);
        return await _transport.SendBareAsync(request, AdminJson.Default.AdminAccount, cancellationToken);
    }

    /// <summary>An account's keys, revoked ones included, fetched a page at a time as you enumerate.</summary>
    public IAsyncEnumerable<ApiKey> ListKeysAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var path = $"{AccountPath(accountId)}/keys";
        return Pages.AllAsync(async (cursor, ct) =>
        {
            var page = await _transport.SendBareAsync(HttpMethod.Get, Pages.Query(path, ("cursor", cursor)), AdminJson.Default.KeyPage, ct);
            return (page.Keys, page.NextCursor);
        }, cancellationToken);
    }

    /// <summary>Creates a key for an account (an owner key unless <see cref="NewApiKey.Role"/> says otherwise); its secret is in this answer only.</summary>
    public Task<ApiKey> CreateKeyAsync(string accountId, NewApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _transport.SendBareAsync(HttpMethod.Post, $"{AccountPath(accountId)}/keys", AdminJson.Default.ApiKey, cancellationToken,
            EaselTransport.Json(key, AdminJson.Default.NewApiKey));
    }

    /// <summary>Changes any key's limits: a null limit stays as it is, 0 removes it.</summary>
    public Task<ApiKey> SetKeyLimitsAsync(string keyId, ApiKeyLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return _transport.SendBareAsync(HttpMethod.Patch, KeyPath(keyId), AdminJson.Default.ApiKey, cancellationToken,
            EaselTransport.Json(limits, AdminJson.Default.ApiKeyLimits));
    }

    /// <summary>Revokes any key, effective at once.</summary>
    public Task<ApiKey> RevokeKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        _transport.SendBareAsync(HttpMethod.Delete, KeyPath(keyId), AdminJson.Default.ApiKey, cancellationToken);

    /// <summary>Tasks of every account (or of one), newest first, fetched a page at a time as you enumerate.</summary>
    /// <param name="accountId">Only this account's tasks.</param>
    /// <param name="state">Only tasks in this state.</param>
    /// <param name="pageSize">Tasks per request (1–200; the server's default when null).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<AdminTask> ListTasksAsync(
        string? accountId = null, ImageTaskState? state = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages.AllAsync(async (cursor, ct) =>
        {
            var path = Pages.Query("admin/tasks",
                ("account", accountId), ("status", state?.ToString().ToLowerInvariant()), ("limit", Text(pageSize)), ("cursor", cursor));
            var page = await _transport.SendBareAsync(HttpMethod.Get, path, AdminJson.Default.TaskPage, ct);
            return (page.Tasks, page.NextCursor);
        }, cancellationToken);

    /// <summary>The channels tasks are routed to, with their health across the cluster.</summary>
    public Task<IReadOnlyList<ChannelHealth>> ListChannelsAsync(CancellationToken cancellationToken = default) =>
        _transport.SendBareAsync(HttpMethod.Get, "admin/channels", AdminJson.Default.IReadOnlyListChannelHealth, cancellationToken);

    /// <summary>Tasks queued and running now, and those that ended in the last hour.</summary>
    public Task<QueueStatus> GetQueueAsync(CancellationToken cancellationToken = default) =>
        _transport.SendBareAsync(HttpMethod.Get, "admin/queue", AdminJson.Default.QueueStatus, cancellationToken);

    /// <summary>Releases the connection pool this client made (an <see cref="HttpClient"/> passed in is left alone).</summary>
    public void Dispose() => _transport.Dispose();

    private static string AccountPath(string accountId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        return $"admin/accounts/{Uri.EscapeDataString(accountId)}";
    }

    private static string KeyPath(string keyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        return $"admin/keys/{Uri.EscapeDataString(keyId)}";
    }

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
