using System.Text.Json;
using Easel.Engine.Unified;
using Easel.Providers.GptImage2Ai;
using Easel.Providers.OpenAi;
using Easel.Providers.Unified;
using Easel.Providers.YyCode;
using Easel.Server.Dialects.GptImage2Ai;
using Easel.Server.Dialects.OpenAi;
using Easel.Server.Dialects.Unified;
using Easel.Server.Dialects.YyCode;

namespace Easel.Server.Tests;

/// <summary>
/// The exact bytes of the answers whose parts the dialects share with the providers' reading of the same vendor's JSON:
/// field order, nulls written or left out, and the relaxed escaping (a file URL's <c>&amp;</c> stays readable).
/// </summary>
public sealed class DialectWireBytesTests
{
    private const string Url = "http://127.0.0.1/files/file_1.png?exp=1&sig=abc";

    [Fact]
    public void OpenAi_images_response_and_error()
    {
        var response = new OpenAiImagesResponse(1700000000, [new OpenAiImage("iVBO", null), new OpenAiImage(null, Url)], "opaque", "png", "low", "1024x1024", OpenAiUsage.None);
        var error = new OpenAiError(new OpenAiErrorDetail("the image could not be generated; nothing was charged", "server_error", null, "sandbox_failure"));

        Assert.Equal(
            """{"created":1700000000,"data":[{"b64_json":"iVBO"},{"url":"http://127.0.0.1/files/file_1.png?exp=1&sig=abc"}],"background":"opaque","output_format":"png","quality":"low","size":"1024x1024","usage":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"input_tokens_details":{"text_tokens":0,"image_tokens":0}}}""",
            JsonSerializer.Serialize(response, OpenAiJson.Wire.OpenAiImagesResponse));
        Assert.Equal(
            """{"error":{"message":"the image could not be generated; nothing was charged","type":"server_error","param":null,"code":"sandbox_failure"}}""",
            JsonSerializer.Serialize(error, OpenAiJson.Wire.OpenAiError));
    }

    [Fact]
    public void Unified_error_with_the_task_s_status()
    {
        // The status body itself (the answer and every webhook's body) is pinned by the engine's UnifiedStatusBodyTests.
        var status = new UnifiedStatus("task_1", "finished", 100, [], "2026-05-23T08:00:00Z", null, false);
        var error = new UnifiedErrorEnvelope(409, new UnifiedErrorDetail("the task has ended", "conflict_error"), status);

        Assert.Equal(
            """{"code":409,"error":{"message":"the task has ended","type":"conflict_error"},"data":{"task_id":"task_1","status":"finished","progress":100,"files":[],"created_time":"2026-05-23T08:00:00Z","error_message":null}}""",
            JsonSerializer.Serialize(error, UnifiedJson.Wire.UnifiedErrorEnvelope));
    }

    [Fact]
    public void Unified_error_naming_the_field_at_fault()
    {
        var error = new UnifiedErrorEnvelope(400, new UnifiedErrorDetail("input.size must be auto", "invalid_request_error", "input.size"));

        Assert.Equal(
            """{"code":400,"error":{"message":"input.size must be auto","type":"invalid_request_error","param":"input.size"}}""",
            JsonSerializer.Serialize(error, UnifiedJson.Wire.UnifiedErrorEnvelope));
    }

    [Fact]
    public void GptImage2Ai_job()
    {
        var job = new GptImage2AiJob("task_1", "succeeded", [new GptImage2AiResult(Url, "A teapot", "42")], null, new GptImage2AiBalance(97, 0, 32, 0), false);

        Assert.Equal(
            """{"jobId":"task_1","status":"succeeded","results":[{"imageUrl":"http://127.0.0.1/files/file_1.png?exp=1&sig=abc","finalPrompt":"A teapot","seed":"42"}],"balance":{"paidCredits":97,"freeImagesRemaining":0,"totalImages":32,"freeImagesPerDay":0}}""",
            JsonSerializer.Serialize(job, GptImage2AiJson.Wire.GptImage2AiJob));
    }

    [Fact]
    public void YyCode_done_and_failed()
    {
        var done = new YyCodeDone([new YyCodeImage("iVBO", null, "image/png")], new YyCodeMeta("req_1"), "task_1", false);
        var failed = new YyCodeReply { Ok = false, Pending = false, JobId = "task_1", Status = "failed", Meta = new YyCodeMeta("req_1"), Error = new YyCodeErrorDetail("boom", "sandbox_failure") };

        Assert.Equal(
            """{"images":[{"b64":"iVBO","filename":null,"mimeType":"image/png"}],"meta":{"requestId":"req_1"},"jobId":"task_1","ok":true,"usage":null,"raw":{},"status":"succeeded"}""",
            JsonSerializer.Serialize(done, YyCodeJson.Wire.YyCodeDone));
        Assert.Equal(
            """{"ok":false,"pending":false,"meta":{"requestId":"req_1"},"jobId":"task_1","status":"failed","error":{"message":"boom","code":"sandbox_failure"}}""",
            JsonSerializer.Serialize(failed, YyCodeJson.Wire.YyCodeReply));
    }
}
