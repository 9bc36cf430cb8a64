using Easel.Core;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Server.Operations;
using Easel.Store;

namespace Easel.Server.Accounts;

/// <summary>Key management shared by the admin API and owners' <c>/api/keys</c>: the same checks, the same effects.</summary>
public static class KeyRequests
{
    public const int MaxNameLength = 200;
    private const int MaxRequestsPerMinute = 1_000_000;
    private const int MaxConcurrentTasks = 100_000;
    private const long MaxDailySpend = 1_000_000_000_000;

    public sealed record NewKey(string Name, KeyRole Role, KeyMode Mode, KeyLimits Limits);

    public static Result<NewKey> ParseNew(KeyBody body, string defaultRole)
    {
        var (name, role, mode) = (body.Name?.Trim() ?? "", body.Role ?? defaultRole, body.Mode ?? "live");
        if (name.Length > MaxNameLength)
        {
            return RequestError.Invalid($"name must be at most {MaxNameLength} characters", "name");
        }
        if (role is not ("owner" or "member"))
        {
            return RequestError.Invalid("role must be owner or member", "role");
        }
        if (mode is not ("live" or "test"))
        {
            return RequestError.Invalid("mode must be live or test", "mode");
        }
        var limits = ParseLimits(body, KeyLimits.None);
        return limits.IsOk
            ? new NewKey(name, role == "owner" ? KeyRole.Owner : KeyRole.Member, mode == "test" ? KeyMode.Test : KeyMode.Live, limits.Value!)
            : limits.Error!;
    }

    /// <summary>The limits a body asks for over <paramref name="current"/>: an absent field keeps its value, 0 removes the limit.</summary>
    public static Result<KeyLimits> ParseLimits(KeyBody body, KeyLimits current)
    {
        if ((Check(body.RequestsPerMinute, MaxRequestsPerMinute, "requests_per_minute")
            ?? Check(body.MaxConcurrentTasks, MaxConcurrentTasks, "max_concurrent_tasks")
            ?? Check(body.DailySpendLimit, MaxDailySpend, "daily_spend_limit")) is { } invalid)
        {
            return invalid;
        }
        return new KeyLimits(
            body.RequestsPerMinute is { } rpm ? NullIfZero(rpm) : current.RequestsPerMinute,
            body.MaxConcurrentTasks is { } most ? NullIfZero(most) : current.MaxConcurrentTasks,
            body.DailySpendLimit is { } spend ? (spend == 0 ? null : spend) : current.DailySpendLimit);
    }

    /// <summary>Applies the limits a request body asks for; the key's cached lookups are dropped so they hold at once.</summary>
    public static async Task<Result<ApiKey>> SetLimitsAsync(ApiKey key, HttpRequest request, IEaselStore store, CallerAuth auth, AuditLog audit)
    {
        var body = await RequestBody.ReadJsonAsync(request, AccountsJson.Wire.KeyBody, request.HttpContext.RequestAborted);
        var limits = body.IsOk ? ParseLimits(body.Value!, key.Limits) : body.Error!;
        if (!limits.IsOk)
        {
            return limits.Error!;
        }
        var updated = await store.SetApiKeyLimitsAsync(key.Id, limits.Value!, request.HttpContext.RequestAborted);
        auth.Forget(key.Id);
        audit.KeyLimitsChanged(request.HttpContext, key.Id, key.AccountId);
        return updated!;
    }

    public static async Task<ApiKey> RevokeAsync(ApiKey key, HttpContext http, IEaselStore store, CallerAuth auth, AuditLog audit)
    {
        if (await store.RevokeApiKeyAsync(key.Id, http.RequestAborted))
        {
            audit.KeyRevoked(http, key.Id, key.AccountId);
        }
        auth.Forget(key.Id);
        return (await store.GetApiKeyAsync(key.Id, http.RequestAborted))!;
    }

    public static RequestError? Check(long? value, long max, string name, string zeroMeans = "no limit") =>
        value is < 0 || value > max ? RequestError.Invalid($"{name} must be an integer from 1 to {max}, or 0 for {zeroMeans}", name) : null;

    public static KeyView Render(ApiKey k) => new(
        k.Id, k.AccountId, k.Name, k.Prefix, k.Role.ToWire(), k.Mode.ToWire(),
        k.Limits.RequestsPerMinute, k.Limits.MaxConcurrentTasks, k.Limits.DailySpendLimit,
        UnifiedReplies.Time(k.CreatedAt), k.RevokedAt is { } r ? UnifiedReplies.Time(r) : null);

    private static int? NullIfZero(int value) => value == 0 ? null : value;
}
