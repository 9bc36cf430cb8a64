using Easel.Core;
using Easel.Engine;
using Easel.Engine.Unified;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;

namespace Easel.Server.Dialects.Unified;

/// <summary>The account's tasks in full: the native task list and one task (Easel extensions of SPEC §4).</summary>
public static class UnifiedTasksApi
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    public static IEndpointRouteBuilder MapUnifiedTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/generate/tasks").AddEndpointFilter(UnifiedApi.RequireKey).Refuses(401).WithTags("Unified (PoYo / APIDot)");
        api.MapGet("", ListAsync).Answers<UnifiedTaskList>(400)
            .WithSummary("The account's tasks, newest first, each with its settings, credits and thumbnails (Easel extension)");
        api.MapGet("/{taskId}", GetAsync).Answers<UnifiedTaskView>(404)
            .WithSummary("One task with its settings, credits and thumbnails (Easel extension)");
        return app;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, IEaselStore store, FileUrls urls, PublicBase publicBase, TimeProvider clock,
        string? status = null, string? limit = null, string? cursor = null)
    {
        TaskState[]? states = null;
        if (status is not null && !UnifiedStatusBody.TryParseStatusWord(status, out states))
        {
            return UnifiedReplies.Error(RequestError.Invalid("status must be one of not_started, running, finished, failed", "status"));
        }
        var take = PageQuery.Limit(limit, DefaultListLimit, MaxListLimit);
        if ((take.Error ?? PageQuery.CheckTaskCursor(cursor)) is { } invalid)
        {
            return UnifiedReplies.Error(invalid);
        }
        var ct = http.RequestAborted;
        var page = await store.ListTasksAsync(CallerAuth.CallerOf(http).AccountId, states, take.Value, cursor, ct);
        var requests = await store.GetTaskRequestsAsync(page.Items.Select(t => t.Id).ToList(), ct);
        var (baseUrl, now) = (publicBase.Of(http.Request), clock.GetUtcNow());
        return UnifiedReplies.Ok(
            new UnifiedTaskList(page.Items.Select(t => UnifiedTaskViews.Of(t, requests.GetValueOrDefault(t.Id), urls, baseUrl, now)).ToList(), page.NextCursor),
            UnifiedJson.Wire.UnifiedEnvelopeUnifiedTaskList);
    }

    private static async Task<IResult> GetAsync(
        string taskId, HttpContext http, TaskService tasks, IEaselStore store, FileUrls urls, PublicBase publicBase, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var task = await tasks.GetAsync(CallerAuth.CallerOf(http).AccountId, taskId, ct);
        if (task is null)
        {
            return UnifiedReplies.Error(UnifiedApi.TaskNotFound(taskId));
        }
        var request = await store.GetTaskRequestAsync(task.Id, ct);
        return UnifiedReplies.Ok(
            UnifiedTaskViews.Of(task, request, urls, publicBase.Of(http.Request), clock.GetUtcNow()), UnifiedJson.Wire.UnifiedEnvelopeUnifiedTaskView);
    }
}
