using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Providers.GptImage2Ai;
using Easel.Server.Dialects.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace Easel.Server.Dialects.GptImage2Ai;

/// <summary>The GPTImage2.ai dialect, SPEC §5: <c>POST /api/generate</c> and <c>GET /api/generate/{jobId}</c>.</summary>
public static class GptImage2AiApi
{
    public const string DialectName = "gptimage2ai";
    public const string Prefix = "/api/generate";

    public static IEndpointRouteBuilder MapGptImage2AiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AddEndpointFilter(CallerAuth.Required(Error)).Refuses(401).WithTags("GPTImage2.ai");
        api.MapPost("", CreateAsync).TakesJson<GptImage2AiGenerateRequest>().Submits().Produces<GptImage2AiJob>(202).WithSummary("Create a generation job (202 with jobId and balance)");
        // A native word (submit, status, …) is no job id: GET /api/generate/submit is the native submit's 405, not a poll.
        var poll = RoutePatternFactory.Parse("/{jobId}", defaults: null, parameterPolicies: new RouteValueDictionary { ["jobId"] = new JobIdConstraint() });
        api.Map(poll, PollAsync).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .Produces<GptImage2AiJob>().Produces<GptImage2AiJob>(202).Refuses(404).WithSummary("Poll a job: 202 while pending or running, 200 once succeeded or failed");
        return app;
    }

    /// <summary>Whether a path segment under <c>/api/generate/</c> is this dialect's job id rather than one of the native routes' words.</summary>
    public static bool IsJobId(string segment) =>
        segment.Length > 0 && !segment.Contains('/', StringComparison.Ordinal) && !UnifiedApi.GenerateWords.Contains(segment, StringComparer.OrdinalIgnoreCase);

    private sealed class JobIdConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            values.TryGetValue(routeKey, out var value) && value?.ToString() is { } segment && IsJobId(segment);
    }

    private static Task<IResult> CreateAsync(
        HttpContext http, TaskService tasks, SubmittingPost post, IEaselStore store, IOptions<GptImage2AiOptions> dialect, IOptions<EaselOptions> easel) =>
        post.JsonAsync(http, GptImage2AiJson.Wire.GptImage2AiGenerateRequest, Error, async (body, idem) =>
        {
            var caller = CallerAuth.CallerOf(http);
            var request = GptImage2AiRequests.Parse(body, dialect.Value, DefaultQuality(dialect.Value));
            var submitted = request.IsOk ? await tasks.SubmitAsync(caller, DialectName, request.Value!, idem, http.RequestAborted) : request.Error!;
            if (!submitted.IsOk)
            {
                return Error(submitted.Error!);
            }
            var balance = await BalanceAsync(store, caller.AccountId, easel.Value.Prices, dialect.Value, http.RequestAborted);
            return Reply(202, new GptImage2AiJob(submitted.Value!.Id, "pending", null, null, balance, submitted.Value.Test));
        });

    private static async Task<IResult> PollAsync(
        string jobId, HttpContext http, TaskService tasks, IEaselStore store, FileUrls urls, PublicBase publicBase,
        IOptions<GptImage2AiOptions> dialect, IOptions<EaselOptions> easel)
    {
        var ct = http.RequestAborted;
        var caller = CallerAuth.CallerOf(http);
        var task = await tasks.GetAsync(caller.AccountId, jobId, ct);
        if (task is null)
        {
            return Error(RequestError.NotFound("no such job"));
        }
        var balance = await BalanceAsync(store, caller.AccountId, easel.Value.Prices, dialect.Value, ct);
        switch (task.State)
        {
            case TaskState.Succeeded:
                var request = await store.GetTaskRequestAsync(task.Id, ct) ?? throw new InvalidOperationException($"task {task.Id} has no request");
                var baseUrl = publicBase.Of(http.Request);
                var results = task.Files
                    .Select((f, i) => new GptImage2AiResult(urls.Sign(baseUrl, f), request.Prompt, request.SeedOf(i).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .ToList();
                return Reply(200, new GptImage2AiJob(task.Id, "succeeded", results, null, balance, task.Test));
            case TaskState.Failed or TaskState.Canceled:
                return Reply(200, new GptImage2AiJob(task.Id, "failed", null, GptImage2AiFailures.ErrorWord(task), balance, task.Test));
            default:
                return Reply(202, new GptImage2AiJob(task.Id, task.State == TaskState.Running ? "running" : "pending", null, null, balance, task.Test));
        }
    }

    /// <summary>What the account has left, in this dialect's terms: <c>totalImages</c> is free images plus what credits buy at its default price.</summary>
    private static async Task<GptImage2AiBalance> BalanceAsync(IEaselStore store, string accountId, PriceTable prices, GptImage2AiOptions dialect, CancellationToken ct)
    {
        var account = await store.GetAccountAsync(accountId, ct) ?? throw new InvalidOperationException("an authenticated key's account is missing");
        var bought = prices.ImagesAffordable(account.Available, DefaultQuality(dialect), BillingTier.OneK);
        var total = (int)Math.Min(int.MaxValue, (long)bought + account.FreeImagesLeftToday);
        return new GptImage2AiBalance(account.Available, account.FreeImagesLeftToday, total, account.FreeImagesPerDay);
    }

    private static Quality DefaultQuality(GptImage2AiOptions options) =>
        Qualities.TryParse(options.Quality, allowAliases: false, out var quality) ? quality : Quality.Medium;

    private static JsonReply Reply(int status, GptImage2AiJob job) => new(status, JsonSerializer.SerializeToUtf8Bytes(job, GptImage2AiJson.Wire.GptImage2AiJob));

    public static JsonReply Error(RequestError error)
    {
        var (status, code) = ErrorCodes.Of(error);
        code = error.Kind != ErrorKind.InvalidRequest ? code : error.Param switch
        {
            "prompt" => "prompt_required",
            "image_urls" => "invalid_image_urls",
            _ => code,
        };
        var body = new GptImage2AiError(error.Code ?? code, error.Message);
        return JsonReply.ForError(status, JsonSerializer.SerializeToUtf8Bytes(body, GptImage2AiJson.Wire.GptImage2AiError), error);
    }
}
