using Easel.Core;
using Easel.Engine;
using Easel.Engine.Signals;
using Easel.Engine.Webhooks;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Server.Operations;
using Easel.Store;
using Microsoft.Extensions.Options;

namespace Easel.Server.Accounts;

/// <summary>The account's webhook secret (SPEC §9) and its deliveries (all, or a task's): their attempts, and redelivery by hand.</summary>
public static class WebhookApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(UnifiedApi.RequireKey).Refuses(401).WithTags("Webhooks");
        api.MapGet("/account/webhook-secret", SecretAsync).Produces<WebhookSecretView>().WithSummary("The secret that signs this account's webhooks");
        api.MapPost("/account/webhook-secret/rotate", RotateAsync).AddEndpointFilter(KeysApi.RequireOwnerAsync).Produces<WebhookSecretView>().Refuses(403)
            .WithSummary("A new secret; the old one also signs during the grace period (owner keys only)");
        api.MapGet("/account/webhooks", ListAsync).Answers<WebhookDeliveryList>(400)
            .WithSummary("The account's webhook deliveries, newest first, each with its state and attempts (Easel extension)");
        api.MapGet("/generate/tasks/{taskId}/webhooks", DeliveryAsync).Answers<WebhookDeliveryView>(404).WithSummary("A task's webhook delivery and its attempts");
        api.MapPost("/generate/tasks/{taskId}/webhooks/redeliver", RedeliverAsync).Answers<WebhookDeliveryView>(404, 409).WithSummary("Send an ended task's webhook again, now");
        return app;
    }

    private static async Task<IResult> SecretAsync(HttpContext http, IEaselStore store)
    {
        var secrets = await store.GetWebhookSecretsAsync(CallerAuth.CallerOf(http).AccountId, http.RequestAborted);
        return Render(secrets);
    }

    private static async Task<IResult> RotateAsync(HttpContext http, IEaselStore store, IOptions<EaselOptions> options, TimeProvider clock, AuditLog audit)
    {
        var accountId = CallerAuth.CallerOf(http).AccountId;
        await store.GetWebhookSecretsAsync(accountId, http.RequestAborted);
        var graceUntil = clock.GetUtcNow().AddHours(options.Value.Webhooks.SecretGraceHours);
        var rotated = await store.RotateWebhookSecretAsync(accountId, graceUntil, http.RequestAborted);
        audit.WebhookSecretRotated(http, accountId);
        return Render(rotated);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IEaselStore store, string? limit = null, string? cursor = null)
    {
        var take = PageQuery.Limit(limit, DefaultLimit, MaxLimit);
        if ((take.Error ?? PageQuery.CheckTaskCursor(cursor)) is { } invalid)
        {
            return UnifiedReplies.Error(invalid);
        }
        var page = await store.ListWebhookDeliveriesAsync(CallerAuth.CallerOf(http).AccountId, take.Value, cursor, http.RequestAborted);
        return UnifiedReplies.Ok(new WebhookDeliveryList(page.Items.Select(Render).ToList(), page.NextCursor), AccountsJson.Wire.UnifiedEnvelopeWebhookDeliveryList);
    }

    private static async Task<IResult> DeliveryAsync(string taskId, HttpContext http, IEaselStore store)
    {
        var delivery = await store.GetWebhookDeliveryAsync(taskId, http.RequestAborted);
        if (delivery is null || delivery.AccountId != CallerAuth.CallerOf(http).AccountId)
        {
            return UnifiedReplies.Error(RequestError.NotFound("no webhook for this task: it has no callback_url, has not ended, or does not exist"));
        }
        return UnifiedReplies.Ok(Render(delivery), AccountsJson.Wire.UnifiedEnvelopeWebhookDeliveryView);
    }

    private static async Task<IResult> RedeliverAsync(string taskId, HttpContext http, IEaselStore store, TaskSignals signals)
    {
        var outcome = await store.RedeliverWebhookAsync(taskId, CallerAuth.CallerOf(http).AccountId, http.RequestAborted);
        if (outcome != RedeliverOutcome.Queued)
        {
            return UnifiedReplies.Error(outcome switch
            {
                RedeliverOutcome.NoCallback => RequestError.Invalid("the task has no callback_url"),
                RedeliverOutcome.NotEnded => new RequestError(ErrorKind.Conflict, "the task has not ended: its webhook is sent when it does"),
                RedeliverOutcome.AlreadyPending => new RequestError(ErrorKind.Conflict, "the webhook is already waiting to be sent"),
                _ => RequestError.NotFound("no such task"),
            });
        }
        signals.Ended(taskId);
        var delivery = (await store.GetWebhookDeliveryAsync(taskId, http.RequestAborted))!;
        return UnifiedReplies.Ok(Render(delivery), AccountsJson.Wire.UnifiedEnvelopeWebhookDeliveryView);
    }

    private static JsonReply Render(WebhookSecrets secrets) => new(200, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        new WebhookSecretView(secrets.Current, secrets.PreviousUntil is { } until ? UnifiedReplies.Time(until) : null),
        AccountsJson.Wire.WebhookSecretView));

    private static WebhookDeliveryView Render(WebhookDelivery d) => new(
        d.Id, d.TaskId, d.Url, d.State, d.Attempts, Time(d.NextAttemptAt), UnifiedReplies.Time(d.CreatedAt), Time(d.FinishedAt),
        d.History.Select(a => new WebhookAttemptView(a.Number, UnifiedReplies.Time(a.AttemptedAt), a.StatusCode, a.Error, a.DurationMs)).ToList());

    private static string? Time(DateTimeOffset? time) => time is { } t ? UnifiedReplies.Time(t) : null;
}
