using System.Globalization;
using Easel.Client.Http;

namespace Easel.Client;

/// <summary>The account's credits: its balance, its ledger and its use per day. Any key of the account may read them.</summary>
public sealed class AccountClient
{
    private readonly EaselTransport _transport;

    internal AccountClient(EaselTransport transport) => _transport = transport;

    /// <summary>The balance, what open tasks have reserved, what is available and the free images left today.</summary>
    public Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        _transport.GetAsync("api/account", EaselJson.Default.EnvelopeAccountBalance, cancellationToken);

    /// <summary>Every movement of the account's credits, newest first, fetched a page at a time as you enumerate.</summary>
    /// <param name="pageSize">Entries per request (the server's default when null).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<LedgerEntry> ListLedgerAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages.AllAsync(async (cursor, ct) =>
        {
            var path = Pages.Query("api/account/ledger", ("limit", pageSize?.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor));
            var page = await _transport.GetAsync(path, EaselJson.Default.EnvelopeLedgerPage, ct);
            return (page.Entries, page.NextCursor);
        }, cancellationToken);

    /// <summary>Credits captured and images made on each of the last <paramref name="days"/> UTC days (1–366), oldest first, ending today.</summary>
    public async Task<IReadOnlyList<UsageDay>> GetUsageAsync(int days = 30, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var path = Pages.Query("api/account/usage", ("days", days.ToString(CultureInfo.InvariantCulture)));
        return (await _transport.GetAsync(path, EaselJson.Default.EnvelopeUsageReport, cancellationToken)).Days;
    }
}
