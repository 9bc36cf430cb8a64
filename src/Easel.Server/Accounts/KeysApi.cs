using Easel.Core;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Server.Operations;
using Easel.Store;

namespace Easel.Server.Accounts;

/// <summary>Owners manage their own account's keys (SPEC §11); member keys get 403, other accounts' keys do not exist.</summary>
public static class KeysApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").AddEndpointFilter(UnifiedApi.RequireKey).AddEndpointFilter(RequireOwnerAsync).Refuses(401, 403)
            .WithTags("Account self-service");
        keys.MapGet("", ListAsync).Answers<KeyList>(400).WithSummary("The account's keys (owner keys only)");
        keys.MapPost("", CreateAsync).TakesJson<KeyBody>().Answers<KeyView>(400).WithSummary("Create a key; the secret is shown only in this answer (owner keys only)");
        keys.MapPatch("/{keyId}", SetLimitsAsync).TakesJson<KeyBody>().Answers<KeyView>(400, 404).WithSummary("Change a key's limits; 0 removes one (owner keys only)");
        keys.MapDelete("/{keyId}", RevokeAsync).Answers<KeyView>(404).WithSummary("Revoke a key, effective at once (owner keys only)");
        return app;
    }

    /// <summary>Owner-only routes answer a member key with 403.</summary>
    internal static async ValueTask<object?> RequireOwnerAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        CallerAuth.CallerOf(context.HttpContext).Role == KeyRole.Owner
            ? await next(context)
            : UnifiedReplies.Error(new RequestError(ErrorKind.PermissionDenied, "this route needs an owner key; member keys may only generate"));

    private static async Task<IResult> ListAsync(HttpContext http, IEaselStore store, string? limit = null, string? cursor = null)
    {
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        if (!take.IsOk)
        {
            return UnifiedReplies.Error(take.Error!);
        }
        var page = await store.ListApiKeysAsync(CallerAuth.CallerOf(http).AccountId, take.Value, cursor, http.RequestAborted);
        return UnifiedReplies.Ok(new KeyList(page.Items.Select(KeyRequests.Render).ToList(), page.NextCursor), AccountsJson.Wire.UnifiedEnvelopeKeyList);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IEaselStore store, AuditLog audit)
    {
        var body = await RequestBody.ReadJsonAsync(http.Request, AccountsJson.Wire.KeyBody, http.RequestAborted);
        var key = body.IsOk ? KeyRequests.ParseNew(body.Value!, defaultRole: "member") : body.Error!;
        if (!key.IsOk)
        {
            return UnifiedReplies.Error(key.Error!);
        }
        var (name, role, mode, limits) = key.Value!;
        var (created, secret) = await store.CreateApiKeyAsync(CallerAuth.CallerOf(http).AccountId, name, role, mode, limits, http.RequestAborted);
        audit.KeyCreated(http, created.Id, created.AccountId, created.Role.ToWire(), created.Mode.ToWire());
        return UnifiedReplies.Ok(KeyRequests.Render(created) with { Key = secret }, AccountsJson.Wire.UnifiedEnvelopeKeyView);
    }

    private static async Task<IResult> SetLimitsAsync(string keyId, HttpContext http, IEaselStore store, CallerAuth auth, AuditLog audit)
    {
        if (await OwnKeyAsync(keyId, http, store) is not { } key)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no such key"));
        }
        var updated = await KeyRequests.SetLimitsAsync(key, http.Request, store, auth, audit);
        return updated.IsOk
            ? UnifiedReplies.Ok(KeyRequests.Render(updated.Value!), AccountsJson.Wire.UnifiedEnvelopeKeyView)
            : UnifiedReplies.Error(updated.Error!);
    }

    private static async Task<IResult> RevokeAsync(string keyId, HttpContext http, IEaselStore store, CallerAuth auth, AuditLog audit) =>
        await OwnKeyAsync(keyId, http, store) is { } key
            ? UnifiedReplies.Ok(KeyRequests.Render(await KeyRequests.RevokeAsync(key, http, store, auth, audit)), AccountsJson.Wire.UnifiedEnvelopeKeyView)
            : UnifiedReplies.Error(RequestError.NotFound("no such key"));

    private static async Task<ApiKey?> OwnKeyAsync(string keyId, HttpContext http, IEaselStore store) =>
        await store.GetApiKeyAsync(keyId, http.RequestAborted) is { } key && key.AccountId == CallerAuth.CallerOf(http).AccountId ? key : null;
}
