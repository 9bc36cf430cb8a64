using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Easel.Core;
using Easel.Engine;
using Easel.Engine.Channels;
using Easel.Server.Accounts;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Server.Operations;
using Easel.Store;

namespace Easel.Server.Admin;

/// <summary>The operator's API (SPEC §11), behind the admin key. Errors use the native envelope.</summary>
public static class AdminApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;
    private const int MaxNameLength = KeyRequests.MaxNameLength;
    private const int MaxFreeImagesPerDay = 1_000_000;
    private const long MaxGrant = 1_000_000_000_000;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(AuthenticateAsync).Refuses(401).WithTags("Admin");
        admin.MapPost("/accounts", CreateAccountAsync).TakesJson<CreateAccountBody>().Produces<AdminAccount>(201).Refuses(400).WithSummary("Create an account");
        admin.MapGet("/accounts", ListAccountsAsync).Produces<AdminAccountList>().Refuses(400).WithSummary("The accounts, a page at a time");
        admin.MapGet("/accounts/{accountId}", GetAccountAsync).Produces<AdminAccount>().Refuses(404).WithSummary("One account with its balance and settings");
        admin.MapPatch("/accounts/{accountId}", UpdateAccountAsync).TakesJson<AccountSettingsBody>().Produces<AdminAccount>().Refuses(400, 404)
            .WithSummary("Change an account's free images per day and its keys' default limits");
        admin.MapPost("/accounts/{accountId}/credits", GrantAsync).TakesJson<GrantBody>().Idempotent().Produces<AdminAccount>().Refuses(400, 404)
            .WithSummary("Grant credits (a negative amount debits); Idempotency-Key makes a retry safe");
        admin.MapGet("/accounts/{accountId}/ledger", LedgerAsync).Produces<AdminLedgerPage>().Refuses(400, 404).WithSummary("An account's ledger, newest first");
        admin.MapGet("/accounts/{accountId}/keys", ListKeysAsync).Produces<KeyList>().Refuses(400, 404).WithSummary("An account's keys");
        admin.MapPost("/accounts/{accountId}/keys", CreateKeyAsync).TakesJson<KeyBody>().Produces<KeyView>(201).Refuses(400, 404)
            .WithSummary("Create a key for an account; the secret is shown only in this answer");
        admin.MapPatch("/keys/{keyId}", SetKeyLimitsAsync).TakesJson<KeyBody>().Produces<KeyView>().Refuses(400, 404).WithSummary("Change a key's limits");
        admin.MapDelete("/keys/{keyId}", RevokeKeyAsync).Produces<KeyView>().Refuses(404).WithSummary("Revoke a key, effective at once");
        admin.MapGet("/tasks", ListTasksAsync).Produces<AdminTaskList>().Refuses(400).WithSummary("Tasks of every account (or one), newest first");
        admin.MapGet("/channels", AdminChannels.ListAsync).Produces<IReadOnlyList<AdminChannel>>().WithSummary("The upstream channels with their breakers and load, per node");
        admin.MapGet("/queue", AdminQueue.ShowAsync).Produces<AdminQueueView>().WithSummary("Tasks queued and running now, and how many ended in each of the last 60 minutes");
        return app;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = CallerAuth.PresentedKey(http.Request);
        var expected = http.RequestServices.GetRequiredService<AdminKeyHash>();
        if (presented is null || !expected.Matches(presented))
        {
            return UnifiedReplies.Error(new RequestError(ErrorKind.Authentication, "invalid admin key"));
        }
        CallerAuth.MarkAdmin(http);
        return await next(context);
    }

    private static async Task<IResult> CreateAccountAsync(HttpContext http, IEaselStore store, AuditLog audit)
    {
        var body = await RequestBody.ReadJsonAsync(http.Request, AdminJson.Wire.CreateAccountBody, http.RequestAborted);
        if (!body.IsOk)
        {
            return UnifiedReplies.Error(body.Error!);
        }
        var name = body.Value!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return UnifiedReplies.Error(RequestError.Invalid($"name is required, at most {MaxNameLength} characters", "name"));
        }
        var account = await store.CreateAccountAsync(name, http.RequestAborted);
        audit.AccountCreated(http, account.Id);
        return Json(201, Render(account), AdminJson.Wire.AdminAccount);
    }

    private static async Task<IResult> ListAccountsAsync(HttpContext http, IEaselStore store, string? limit = null, string? cursor = null)
    {
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        if (!take.IsOk)
        {
            return UnifiedReplies.Error(take.Error!);
        }
        var page = await store.ListAccountsAsync(take.Value, cursor, http.RequestAborted);
        return Json(200, new AdminAccountList(page.Items.Select(Render).ToList(), page.NextCursor), AdminJson.Wire.AdminAccountList);
    }

    private static async Task<IResult> GetAccountAsync(string accountId, HttpContext http, IEaselStore store) =>
        await store.GetAccountAsync(accountId, http.RequestAborted) is { } account
            ? Json(200, Render(account), AdminJson.Wire.AdminAccount)
            : UnifiedReplies.Error(RequestError.NotFound("no such account"));

    private static async Task<IResult> GrantAsync(string accountId, HttpContext http, IEaselStore store, Idempotency idempotency, AuditLog audit)
    {
        var bytes = await RequestBody.ReadJsonBytesAsync(http.Request, http.RequestAborted);
        if (!bytes.IsOk)
        {
            return UnifiedReplies.Error(bytes.Error!);
        }
        return await idempotency.RunAsync(http, $"admin:{accountId}", bytes.Value!, e => UnifiedReplies.Error(e), async () =>
        {
            var body = RequestBody.Parse(bytes.Value!, AdminJson.Wire.GrantBody);
            if (!body.IsOk)
            {
                return UnifiedReplies.Error(body.Error!);
            }
            if (body.Value!.Amount is not { } amount || amount == 0 || Math.Abs(amount) > MaxGrant)
            {
                return UnifiedReplies.Error(RequestError.Invalid($"amount must be a non-zero integer from -{MaxGrant} to {MaxGrant} (negative to debit)", "amount"));
            }
            return await store.GrantAsync(accountId, amount, body.Value.Reason, http.RequestAborted) switch
            {
                GrantOutcome.Granted granted => Granted(http, audit, granted.Account, amount),
                GrantOutcome.WouldGoNegative short_ => UnifiedReplies.Error(RequestError.Invalid(
                    $"amount: the debit exceeds what the account has free ({short_.Available} available)", "amount")),
                _ => UnifiedReplies.Error(RequestError.NotFound("no such account")),
            };
        });
    }

    private static async Task<IResult> UpdateAccountAsync(string accountId, HttpContext http, IEaselStore store, CallerAuth auth, AuditLog audit)
    {
        var body = await RequestBody.ReadJsonAsync(http.Request, AdminJson.Wire.AccountSettingsBody, http.RequestAborted);
        if (!body.IsOk)
        {
            return UnifiedReplies.Error(body.Error!);
        }
        var settings = body.Value!;
        if ((KeyRequests.Check(settings.FreeImagesPerDay, MaxFreeImagesPerDay, "free_images_per_day", zeroMeans: "none")
            ?? KeyRequests.Check(settings.RequestsPerMinute, int.MaxValue, "requests_per_minute")
            ?? KeyRequests.Check(settings.MaxConcurrentTasks, int.MaxValue, "max_concurrent_tasks")) is { } invalid)
        {
            return UnifiedReplies.Error(invalid);
        }
        var account = await store.UpdateAccountSettingsAsync(
            accountId, new AccountSettings(settings.FreeImagesPerDay, settings.RequestsPerMinute, settings.MaxConcurrentTasks), http.RequestAborted);
        if (account is null)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no such account"));
        }
        auth.ForgetAccount(accountId);
        audit.SettingsChanged(http, accountId, settings.FreeImagesPerDay, settings.RequestsPerMinute, settings.MaxConcurrentTasks);
        return Json(200, Render(account), AdminJson.Wire.AdminAccount);
    }

    private static async Task<IResult> LedgerAsync(string accountId, HttpContext http, IEaselStore store, string? limit = null, string? cursor = null)
    {
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        var after = PageQuery.IdCursor(cursor);
        if ((take.Error ?? after.Error) is { } invalid)
        {
            return UnifiedReplies.Error(invalid);
        }
        if (await store.GetAccountAsync(accountId, http.RequestAborted) is null)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no such account"));
        }
        var page = await store.GetLedgerAsync(accountId, take.Value, after.Value, http.RequestAborted);
        var entries = page.Items.Select(e => new AdminLedgerEntry(e.Id, e.TaskId, e.Kind, e.Amount, e.Reason, UnifiedReplies.Time(e.CreatedAt))).ToList();
        return Json(200, new AdminLedgerPage(entries, page.NextCursor), AdminJson.Wire.AdminLedgerPage);
    }

    private static async Task<IResult> ListKeysAsync(string accountId, HttpContext http, IEaselStore store, string? limit = null, string? cursor = null)
    {
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        if (!take.IsOk)
        {
            return UnifiedReplies.Error(take.Error!);
        }
        if (await store.GetAccountAsync(accountId, http.RequestAborted) is null)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no such account"));
        }
        var page = await store.ListApiKeysAsync(accountId, take.Value, cursor, http.RequestAborted);
        return Json(200, new KeyList(page.Items.Select(KeyRequests.Render).ToList(), page.NextCursor), AccountsJson.Wire.KeyList);
    }

    private static async Task<IResult> CreateKeyAsync(string accountId, HttpContext http, IEaselStore store, AuditLog audit)
    {
        var body = await RequestBody.ReadJsonAsync(http.Request, AccountsJson.Wire.KeyBody, http.RequestAborted);
        var key = body.IsOk ? KeyRequests.ParseNew(body.Value!, defaultRole: "owner") : body.Error!;
        if (!key.IsOk)
        {
            return UnifiedReplies.Error(key.Error!);
        }
        if (await store.GetAccountAsync(accountId, http.RequestAborted) is null)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no such account"));
        }
        var (name, role, mode, limits) = key.Value!;
        var (created, secret) = await store.CreateApiKeyAsync(accountId, name, role, mode, limits, http.RequestAborted);
        audit.KeyCreated(http, created.Id, accountId, created.Role.ToWire(), created.Mode.ToWire());
        return Json(201, KeyRequests.Render(created) with { Key = secret }, AccountsJson.Wire.KeyView);
    }

    private static async Task<IResult> SetKeyLimitsAsync(string keyId, HttpContext http, IEaselStore store, CallerAuth auth, AuditLog audit)
    {
        if (await store.GetApiKeyAsync(keyId, http.RequestAborted) is not { } key)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no such key"));
        }
        var updated = await KeyRequests.SetLimitsAsync(key, http.Request, store, auth, audit);
        return updated.IsOk ? Json(200, KeyRequests.Render(updated.Value!), AccountsJson.Wire.KeyView) : UnifiedReplies.Error(updated.Error!);
    }

    private static async Task<IResult> RevokeKeyAsync(string keyId, HttpContext http, IEaselStore store, CallerAuth auth, AuditLog audit) =>
        await store.GetApiKeyAsync(keyId, http.RequestAborted) is { } key
            ? Json(200, KeyRequests.Render(await KeyRequests.RevokeAsync(key, http, store, auth, audit)), AccountsJson.Wire.KeyView)
            : UnifiedReplies.Error(RequestError.NotFound("no such key"));

    private static async Task<IResult> ListTasksAsync(
        HttpContext http, IEaselStore store, string? account = null, string? status = null, string? limit = null, string? cursor = null)
    {
        TaskState[]? states = null;
        if (status is not null)
        {
            try
            {
                states = [TaskStates.Parse(status)];
            }
            catch (FormatException)
            {
                return UnifiedReplies.Error(RequestError.Invalid("status must be one of queued, running, succeeded, failed, canceled", "status"));
            }
        }
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        if ((take.Error ?? PageQuery.CheckTaskCursor(cursor)) is { } invalid)
        {
            return UnifiedReplies.Error(invalid);
        }
        var page = await store.ListTasksAsync(account, states, take.Value, cursor, http.RequestAborted);
        var tasks = page.Items.Select(t => new AdminTask(
            t.Id, t.AccountId, t.Dialect, t.Model.ToWire(), t.State.ToWire(), t.Test, t.Reserved, t.Captured, t.ErrorCode?.ToWire(), t.ErrorMessage,
            t.Files.Count, UnifiedReplies.Time(t.CreatedAt), t.FinishedAt is { } f ? UnifiedReplies.Time(f) : null)).ToList();
        return Json(200, new AdminTaskList(tasks, page.NextCursor), AdminJson.Wire.AdminTaskList);
    }

    private static JsonReply Granted(HttpContext http, AuditLog audit, Account account, long amount)
    {
        audit.Granted(http, account.Id, amount, account.Balance);
        return Json(200, Render(account), AdminJson.Wire.AdminAccount);
    }

    private static AdminAccount Render(Account a) => new(
        a.Id, a.Name, a.Balance, a.Reserved, a.Available, a.FreeImagesPerDay, a.FreeImagesLeftToday,
        a.DefaultKeyLimits.RequestsPerMinute, a.DefaultKeyLimits.MaxConcurrentTasks, UnifiedReplies.Time(a.CreatedAt));

    private static JsonReply Json<T>(int status, T value, JsonTypeInfo<T> type) => new(status, JsonSerializer.SerializeToUtf8Bytes(value, type));
}

/// <summary>The operator's key, kept only as a hash.</summary>
public sealed class AdminKeyHash(string hash)
{
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Ids.HashSecret(presented)), Encoding.ASCII.GetBytes(hash));
}
