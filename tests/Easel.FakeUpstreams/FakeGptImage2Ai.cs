using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Easel.FakeUpstreams;

/// <summary>GPTImage2.ai: <c>POST /api/generate</c> → 202, <c>GET /api/generate/{jobId}</c> → 202 while running, 200 at the end.</summary>
public sealed partial class FakeUpstream
{
    private static readonly object Balance = new { paidCredits = 490, freeImagesRemaining = 0, totalImages = 49, freeImagesPerDay = 0 };

    private void MapGptImage2Ai(WebApplication app)
    {
        app.MapPost("/api/generate", async (HttpContext http, CancellationToken ct) =>
        {
            var fields = await ReadJsonFieldsAsync(http.Request, ct);
            Remember(http.Request, fields, []);
            if (http.Request.Headers.Authorization != $"Bearer {Key}" || Fault == Fault.Unauthorized)
            {
                return Results.Json(new { error = "unauthorized" }, statusCode: 401);
            }
            if (await SubmitFaultAsync(http, (status, _, code) => Results.Json(new { error = code }, statusCode: status), ct) is { } faulted)
            {
                return faulted;
            }
            var jobId = NewJob("8b93b17d-6ec7-4bd7-96a2-");
            return Results.Json(new { jobId, status = "pending", balance = Balance }, statusCode: 202);
        });
        app.MapGet("/api/generate/{jobId}", (string jobId, HttpContext http) =>
        {
            if (http.Request.Headers.Authorization != $"Bearer {Key}")
            {
                return Results.Json(new { error = "unauthorized" }, statusCode: 401);
            }
            if (!PollFinishes(jobId))
            {
                return Results.Json(new { jobId, status = "running", balance = Balance }, statusCode: 202);
            }
            return Fault == Fault.JobFails
                ? Results.Json(new { jobId, status = "failed", error = "upstream_failed", balance = Balance })
                : Results.Json(new
                {
                    jobId,
                    status = "succeeded",
                    results = new[] { new { imageUrl = FileUrl(jobId), seed = "1", finalPrompt = "A clean studio product photo of a ceramic espresso cup" } },
                    balance = Balance,
                });
        });
    }
}
