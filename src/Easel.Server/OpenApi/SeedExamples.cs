using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>
/// Examples from the vendors' own documentation (PoYo, APIDot, GPTImage2.ai, YYCode), on the operations that speak their
/// dialect, so a client written from those docs sees its own requests and answers in Easel's document.
/// </summary>
public static class SeedExamples
{
    private sealed record Example(string? Request, string Status, string Response);

    private static readonly Dictionary<string, Example> ByOperation = new()
    {
        // APIDot's request payload; PoYo's submit answer.
        ["POST /api/generate/submit"] = new(
            """{"model":"gpt-image-2","callback_url":"https://your-domain.com/callback","input":{"prompt":"A premium product photo of a silver espresso machine on a clean white studio background, realistic lighting, high detail","quality":"low","size":"1:1","resolution":"1K"}}""",
            "200", """{"code":200,"data":{"task_id":"task-unified-1757165031-uyujaw3d","status":"not_started","created_time":"2025-11-12T10:30:00"}}"""),
        ["GET /api/generate/status/{taskId}"] = new(null, "200",
            """{"code":200,"data":{"task_id":"task-unified-1757165031-uyujaw3d","status":"finished","progress":100,"files":[{"file_url":"https://storage.poyo.ai/generated/image-abc123.jpg","file_type":"image"}],"created_time":"2025-11-12T10:30:00","error_message":null}}"""),
        ["POST /api/generate"] = new(
            """{"mode":"text-to-image","prompt":"A clean studio product photo of a ceramic espresso cup","ratio":"1:1","count":1,"style":"studio-product"}""",
            "202", """{"jobId":"8b93b17d-6ec7-4bd7-96a2-b06f69e8b862","status":"pending","balance":{"paidCredits":490,"freeImagesRemaining":0,"totalImages":49,"freeImagesPerDay":0}}"""),
        ["GET /api/generate/{jobId}"] = new(null, "200",
            """{"jobId":"8b93b17d-6ec7-4bd7-96a2-b06f69e8b862","status":"succeeded","results":[{"imageUrl":"https://file.gptimage2.ai/generated/demo.png","seed":"1","finalPrompt":"A clean studio product photo of a ceramic espresso cup"}],"balance":{"paidCredits":490,"freeImagesRemaining":0,"totalImages":49,"freeImagesPerDay":0}}"""),
        ["POST /api/images/generate"] = new(
            """{"model":"gpt-image-2","prompt":"A cute cat napping in the sunlight","n":1,"size":"1024x1024"}""",
            "200", """{"ok":true,"pending":true,"jobId":"job_1782732290788_3","meta":{"requestId":"req_1782732290788_1"}}"""),
        ["POST /api/images/edit"] = new(null, "200",
            """{"ok":true,"pending":true,"jobId":"job_1782732290788_3","meta":{"requestId":"req_1782732290788_1"}}"""),
        ["GET /api/jobs/{jobId}"] = new(null, "200",
            """{"ok":true,"images":[{"b64":"iVBORw0KGgo...","filename":null,"mimeType":"image/png"}],"usage":null,"raw":{},"meta":{"requestId":"req_1782732290788_1"},"jobId":"job_1782732290788_3","status":"succeeded"}"""),
        // YYCode's prompt and size, in OpenAI's shape (the OpenAI dialect has no seed document of its own).
        ["POST /v1/images/generations"] = new(
            """{"model":"gpt-image-2","prompt":"A cute cat napping in the sunlight","n":1,"size":"1024x1024"}""",
            "200", """{"created":1782732290,"data":[{"b64_json":"iVBORw0KGgo..."}],"background":"opaque","output_format":"png","quality":"medium","size":"1024x1024","usage":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"input_tokens_details":{"text_tokens":0,"image_tokens":0}}}"""),
        ["POST /v1/images/edits"] = new(null, "200",
            """{"created":1782732290,"data":[{"b64_json":"iVBORw0KGgo..."}],"background":"opaque","output_format":"png","quality":"medium","size":"1024x1024","usage":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"input_tokens_details":{"text_tokens":0,"image_tokens":0}}}"""),
    };

    public static Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var key = $"{context.Description.HttpMethod} {RouteDocs.Rooted(context.Description.RelativePath ?? "")}";
        if (!ByOperation.TryGetValue(key, out var example))
        {
            return Task.CompletedTask;
        }
        if (example.Request is { } request && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = JsonNode.Parse(request);
        }
        if (operation.Responses?.TryGetValue(example.Status, out var response) == true
            && response.Content?.TryGetValue("application/json", out var answer) == true)
        {
            answer.Example = JsonNode.Parse(example.Response);
        }
        return Task.CompletedTask;
    }
}
