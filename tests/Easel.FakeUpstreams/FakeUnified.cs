using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Easel.FakeUpstreams;

/// <summary>PoYo / APIDot: <c>POST /api/generate/submit</c>, <c>GET /api/generate/status/{task_id}</c>, files by URL.</summary>
public sealed partial class FakeUpstream
{
    private void MapUnified(WebApplication app)
    {
        app.MapPost("/api/generate/submit", async (HttpContext http, CancellationToken ct) =>
        {
            var fields = await ReadJsonFieldsAsync(http.Request, ct);
            Remember(http.Request, fields, []);
            if (http.Request.Headers.Authorization != $"Bearer {Key}" || Fault == Fault.Unauthorized)
            {
                return UnifiedError(401, "Invalid or missing API key", "authentication_error");
            }
            if (await SubmitFaultAsync(http, (status, message, _) => UnifiedError(status, message, status == 400 ? "invalid_request_error" : "internal_error"), ct) is { } faulted)
            {
                return faulted;
            }
            var taskId = NewJob("task-unified-1757165031-");
            return Results.Json(new { code = 200, data = new { task_id = taskId, status = "not_started", created_time = "2025-11-12T10:30:00" } });
        });
        app.MapGet("/api/generate/status/{taskId}", (string taskId, HttpContext http) =>
        {
            if (http.Request.Headers.Authorization != $"Bearer {Key}")
            {
                return UnifiedError(401, "Invalid or missing API key", "authentication_error");
            }
            if (!PollFinishes(taskId))
            {
                return Results.Json(new { code = 200, data = new { task_id = taskId, status = "running", progress = 40, files = Array.Empty<object>(), created_time = "2025-11-12T10:30:00", error_message = (string?)null } });
            }
            return Fault == Fault.JobFails
                ? Results.Json(new { code = 200, data = new { task_id = taskId, status = "failed", progress = 100, files = Array.Empty<object>(), created_time = "2025-11-12T10:30:00", error_message = JobFailureMessage } })
                : Results.Json(new
                {
                    code = 200,
                    data = new
                    {
                        task_id = taskId,
                        status = "finished",
                        progress = 100,
                        files = new[] { new { file_url = FileUrl(taskId), file_type = "image" } },
                        created_time = "2025-11-12T10:30:00",
                        error_message = (string?)null,
                    },
                });
        });
    }

    private static IResult UnifiedError(int status, string message, string type) =>
        Results.Json(new { code = status, error = new { message, type } }, statusCode: status);
}
