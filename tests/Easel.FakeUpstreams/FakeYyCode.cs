using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Easel.FakeUpstreams;

/// <summary>YYCode: <c>x-demo-*</c> headers, <c>POST /api/images/generate|edit</c> as async jobs, <c>GET /api/jobs/{jobId}</c> without a key.</summary>
public sealed partial class FakeUpstream
{
    private void MapYyCode(WebApplication app)
    {
        app.MapPost("/api/images/generate", async (HttpContext http, CancellationToken ct) =>
        {
            var fields = await ReadJsonFieldsAsync(http.Request, ct);
            Remember(http.Request, fields, []);
            return await YyCodeSubmitAsync(http, ct);
        });
        app.MapPost("/api/images/edit", async (HttpContext http, CancellationToken ct) =>
        {
            var (fields, files) = await ReadFormAsync(http.Request, ct);
            Remember(http.Request, fields, files);
            return await YyCodeSubmitAsync(http, ct);
        });
        app.MapGet("/api/jobs/{jobId}", (string jobId) =>
        {
            if (!PollFinishes(jobId))
            {
                return Results.Json(new { ok = true, pending = true, jobId, status = "running", meta = new { requestId = "req_1782732290788_1" } });
            }
            if (Fault == Fault.JobFails)
            {
                return Results.Json(new { ok = false, pending = false, jobId, status = "failed", error = new { message = JobFailureMessage, code = "generation_failed" } });
            }
            var body = new StringBuilder("{\"ok\":true,\"images\":[{\"b64\":\"").Append(Convert.ToBase64String(Image))
                .Append("\",\"filename\":null,\"mimeType\":\"image/png\"}],\"usage\":null,\"raw\":{},\"meta\":{\"requestId\":\"req_1782732290788_1\"},\"jobId\":\"")
                .Append(jobId).Append("\",\"status\":\"succeeded\"}");
            return Results.Text(body.ToString(), "application/json");
        });
    }

    private async Task<IResult> YyCodeSubmitAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.Headers["x-demo-api-key"] != Key || Fault == Fault.Unauthorized)
        {
            return YyCodeError(401, "invalid api key", "unauthorized");
        }
        if (await SubmitFaultAsync(http, YyCodeError, ct) is { } faulted)
        {
            return faulted;
        }
        var jobId = NewJob("job_1782732290788_");
        return Results.Json(new { ok = true, pending = true, jobId, meta = new { requestId = "req_1782732290788_1" } });
    }

    private static IResult YyCodeError(int status, string message, string code) =>
        Results.Json(new { ok = false, error = new { message, code } }, statusCode: status);
}
