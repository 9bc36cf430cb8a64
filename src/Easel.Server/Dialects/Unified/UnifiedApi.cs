using System.Globalization;
using System.Text;
using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Engine.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;

namespace Easel.Server.Dialects.Unified;

/// <summary>The native (PoYo / APIDot) dialect, SPEC §4.</summary>
public static class UnifiedApi
{
    public const string DialectName = "unified";
    /// <summary>The first segments of the native routes under <c>/api/generate/</c>: never a GPTImage2.ai job id.</summary>
    public static readonly IReadOnlyList<string> GenerateWords = ["submit", "status", "cancel", "events", "tasks"];

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapUnifiedApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(RequireKey).Refuses(401).WithTags("Unified (PoYo / APIDot)");
        api.MapPost("/generate/submit", SubmitAsync).WithSummary("Submit a generation or edit task")
            .WithDescription("Easel extensions: input.output_format (png, jpeg, webp; png by default) and input.background (auto, opaque, "
                + "transparent; transparent needs png or webp). An edit may upload its images as multipart/form-data: the JSON body in a part "
                + "named request, 1 to 16 image (or image[]) files (PNG, JPEG or WebP) and an optional mask (a PNG with alpha, the first "
                + "image's size); image_urls may then be left out. Idempotency-Key and Prefer: wait=N work on both forms.")
            .TakesJsonOrForm<UnifiedSubmitRequest, UnifiedSubmitForm>().Submits().HonorsPreferWait().Answers<UnifiedSubmitted>();
        api.MapGet("/generate/status/{taskId}", StatusAsync).Answers<UnifiedStatus>(404).WithSummary("A task's status and files");
        api.MapPost("/generate/cancel/{taskId}", CancelAsync).Answers<UnifiedStatus>(404, 409).WithSummary("Cancel a queued or running task (Easel extension)");
        api.MapGet("/generate/events/{taskId}", EventsAsync).Produces<string>(200, "text/event-stream").Refuses(404).WithSummary("Server-sent status changes until the task ends (Easel extension)");
        api.MapGet("/account", AccountAsync).Answers<UnifiedAccount>().WithSummary("Credit balance (Easel extension)");
        api.MapGet("/models", UnifiedModels.List).Answers<UnifiedModelList>()
            .WithSummary("The models with their qualities, resolutions, sizes and credits per image (Easel extension)");
        return app;
    }

    /// <summary>The API-key check of every native /api route (and the account routes beside them), in the native error shape.</summary>
    internal static readonly Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RequireKey =
        CallerAuth.Required(e => UnifiedReplies.Error(e));

    /// <summary>
    /// JSON, or (an Easel extension for edits with uploaded images) <c>multipart/form-data</c>: a part <c>request</c> holding the
    /// same JSON body, one to 16 <c>image</c> or <c>image[]</c> files and an optional <c>mask</c>, stored like the other
    /// dialects' uploads; <c>image_urls</c> may then be left out.
    /// </summary>
    private static Task<IResult> SubmitAsync(
        HttpContext http, TaskService tasks, InputImageStore inputs, SubmittingPost post, FileUrls urls, PublicBase publicBase)
    {
        var ct = http.RequestAborted;
        var caller = CallerAuth.CallerOf(http);
        string? FileBase(GenerationRequest request) => request.CallbackUrl is null ? null : publicBase.Of(http.Request);
        if (http.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            return post.MultipartAsync(http, e => UnifiedReplies.Error(e), async (form, idem) =>
            {
                var request = UnifiedForm.Parse(form, tasks.Models);
                return request.IsOk
                    ? await AnswerAsync(http, tasks, urls, publicBase,
                        await UploadedEdit.SubmitAsync(tasks, inputs, caller, DialectName, request.Value!, form, idem, ct, FileBase(request.Value!)))
                    : UnifiedReplies.Error(request.Error!);
            }, textParts: [UnifiedForm.RequestPart]);
        }
        return post.JsonAsync(http, UnifiedJson.Wire.UnifiedSubmitRequest, e => UnifiedReplies.Error(e), async (body, idem) =>
        {
            var request = UnifiedRequests.Parse(body, tasks.Models);
            return request.IsOk
                ? await AnswerAsync(http, tasks, urls, publicBase, await tasks.SubmitAsync(caller, DialectName, request.Value!, idem, ct, FileBase(request.Value!)))
                : UnifiedReplies.Error(request.Error!);
        });
    }

    /// <summary>The submit's answer: the new task, or with <c>Prefer: wait=N</c> its status once it ends or N seconds pass.</summary>
    private static async Task<JsonReply> AnswerAsync(HttpContext http, TaskService tasks, FileUrls urls, PublicBase publicBase, Result<TaskRecord> submitted)
    {
        if (!submitted.IsOk)
        {
            return UnifiedReplies.Error(submitted.Error!);
        }
        var task = submitted.Value!;
        if (PreferredWait(http.Request) is not { } wait)
        {
            return UnifiedReplies.Ok(new UnifiedSubmitted(task.Id, UnifiedStatusBody.StatusWord(task.State), UnifiedStatusBody.Time(task.CreatedAt)),
                UnifiedJson.Wire.UnifiedEnvelopeUnifiedSubmitted);
        }
        task = await tasks.WaitForChangeAsync(task, wait, t => t.State.IsTerminal(), http.RequestAborted);
        var reply = UnifiedReplies.Status(task, urls, publicBase.Of(http.Request));
        reply.Headers["Preference-Applied"] = string.Create(CultureInfo.InvariantCulture, $"wait={(int)wait.TotalSeconds}");
        return reply;
    }

    /// <summary><c>Prefer: wait=N</c>; N above the limit is held to it.</summary>
    private static TimeSpan? PreferredWait(HttpRequest request)
    {
        foreach (var value in request.Headers["Prefer"])
        {
            foreach (var part in (value ?? "").Split(',', ';'))
            {
                var token = part.Trim();
                if (token.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(token.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(Math.Min(seconds, TaskService.MaxWaitSeconds));
                }
            }
        }
        return null;
    }

    private static async Task<IResult> StatusAsync(string taskId, HttpContext http, TaskService tasks, FileUrls urls, PublicBase publicBase)
    {
        var task = await tasks.GetAsync(CallerAuth.CallerOf(http).AccountId, taskId, http.RequestAborted);
        return task is null
            ? UnifiedReplies.Error(TaskNotFound(taskId))
            : UnifiedReplies.Status(task, urls, publicBase.Of(http.Request));
    }

    private static async Task<IResult> CancelAsync(string taskId, HttpContext http, TaskService tasks, FileUrls urls, PublicBase publicBase)
    {
        var (outcome, task) = await tasks.CancelAsync(CallerAuth.CallerOf(http).AccountId, taskId, http.RequestAborted);
        return outcome switch
        {
            CancelOutcome.NotFound => UnifiedReplies.Error(TaskNotFound(taskId)),
            CancelOutcome.AlreadyTerminal => UnifiedReplies.Error(
                new RequestError(ErrorKind.Conflict, $"the task has already ended ({UnifiedStatusBody.StatusWord(task!.State)})"),
                UnifiedStatusBody.Of(task, urls, publicBase.Of(http.Request))),
            _ => UnifiedReplies.Status(task!, urls, publicBase.Of(http.Request)),
        };
    }

    private static async Task EventsAsync(string taskId, HttpContext http, TaskService tasks, FileUrls urls, PublicBase publicBase)
    {
        var ct = http.RequestAborted;
        var task = await tasks.GetAsync(CallerAuth.CallerOf(http).AccountId, taskId, ct);
        if (task is null)
        {
            await UnifiedReplies.Error(TaskNotFound(taskId)).ExecuteAsync(http);
            return;
        }
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var baseUrl = publicBase.Of(http.Request);
        try
        {
            await WriteStatusEventAsync(response, task, urls, baseUrl, ct);
            while (!task.State.IsTerminal())
            {
                var seen = task;
                task = await tasks.WaitForChangeAsync(seen, KeepAlive, t => t.State != seen.State || t.Progress != seen.Progress, ct);
                if (task.State == seen.State && task.Progress == seen.Progress)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }
                await WriteStatusEventAsync(response, task, urls, baseUrl, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task WriteStatusEventAsync(HttpResponse response, TaskRecord task, FileUrls urls, string baseUrl, CancellationToken ct)
    {
        var data = JsonSerializer.Serialize(UnifiedStatusBody.Of(task, urls, baseUrl), UnifiedJson.Wire.UnifiedStatus);
        await response.WriteAsync($"event: status\ndata: {data}\n\n", Encoding.UTF8, ct);
        await response.Body.FlushAsync(ct);
    }

    private static async Task<IResult> AccountAsync(HttpContext http, IEaselStore store)
    {
        var account = await store.GetAccountAsync(CallerAuth.CallerOf(http).AccountId, http.RequestAborted)
            ?? throw new InvalidOperationException("an authenticated key's account is missing");
        return UnifiedReplies.Ok(
            new UnifiedAccount(account.Id, account.Balance, account.Reserved, account.Available, account.FreeImagesLeftToday),
            UnifiedJson.Wire.UnifiedEnvelopeUnifiedAccount);
    }

    internal static RequestError TaskNotFound(string taskId) =>
        RequestError.NotFound($"no task '{(taskId.Length <= 64 ? taskId : taskId[..64])}'");
}
