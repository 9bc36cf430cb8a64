using System.Globalization;
using Easel.Core;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;

namespace Easel.Server.Accounts;

/// <summary>What the account has spent (SPEC §14), for any of its keys: its ledger, and credits and images per UTC day.</summary>
public static class UsageApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;
    private const int DefaultDays = 30;
    private const int MaxDays = 366;

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/account").AddEndpointFilter(UnifiedApi.RequireKey).Refuses(401).WithTags("Account self-service");
        account.MapGet("/ledger", LedgerAsync).Answers<AccountLedgerPage>(400).WithSummary("The account's ledger (grant, reserve, capture, release), newest first (Easel extension)");
        account.MapGet("/usage", UsageAsync).Answers<AccountUsage>(400)
            .WithSummary("Credits captured and images made per UTC day, oldest first, ending today; days=1–366, 30 by default (Easel extension)");
        return app;
    }

    private static async Task<IResult> LedgerAsync(HttpContext http, IEaselStore store, string? limit = null, string? cursor = null)
    {
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        var before = PageQuery.IdCursor(cursor);
        if ((take.Error ?? before.Error) is { } invalid)
        {
            return UnifiedReplies.Error(invalid);
        }
        var page = await store.GetLedgerNewestFirstAsync(CallerAuth.CallerOf(http).AccountId, take.Value, before.Value, http.RequestAborted);
        var entries = page.Items.Select(e => new AccountLedgerEntry(e.Id, e.TaskId, e.Kind, e.Amount, e.Reason, UnifiedReplies.Time(e.CreatedAt))).ToList();
        return UnifiedReplies.Ok(new AccountLedgerPage(entries, page.NextCursor), AccountsJson.Wire.UnifiedEnvelopeAccountLedgerPage);
    }

    private static async Task<IResult> UsageAsync(HttpContext http, IEaselStore store, string? days = null)
    {
        var count = DefaultDays;
        if (days is not null && !(int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxDays))
        {
            return UnifiedReplies.Error(RequestError.Invalid($"days must be an integer from 1 to {MaxDays}", "days"));
        }
        var usage = await store.GetDailyUsageAsync(CallerAuth.CallerOf(http).AccountId, count, http.RequestAborted);
        var rendered = usage.Select(d => new AccountUsageDay(d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Credits, d.Images)).ToList();
        return UnifiedReplies.Ok(new AccountUsage(rendered), AccountsJson.Wire.UnifiedEnvelopeAccountUsage);
    }
}
