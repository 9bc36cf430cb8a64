using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Providers.YyCode;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;

namespace Easel.Server.Dialects.YyCode;

/// <summary>
/// The YYCode dialect, SPEC §6. With <c>x-demo-async: 1</c> a submit answers with a job to poll; without it the call waits for
/// the images (see <see cref="TaskService.AwaitEndAsync"/>). <c>x-demo-base-url</c> is accepted and ignored.
/// </summary>
public static class YyCodeApi
{
    public const string DialectName = "yycode";
    public const string KeyHeader = "x-demo-api-key";
    private static readonly string[] Backgrounds = ["auto", "opaque"];

    public static IEndpointRouteBuilder MapYyCodeApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/images").AddEndpointFilter(CallerAuth.Required(Error, KeyHeader)).Refuses(401).WithTags("YYCode");
        images.MapPost("/generate", GenerateAsync).TakesJson<YyCodeGenerateRequest>().AnswersJob().WithSummary("Text to image (JSON); x-demo-async: 1 answers with a jobId");
        images.MapPost("/edit", EditAsync).TakesForm<YyCodeEditForm>().AnswersJob().WithSummary("Image to image (multipart: image or image[], optional mask)");
        app.MapGet("/api/jobs/{jobId}", JobAsync).Produces<YyCodeDone>().AlsoAnswers<YyCodeReply>(200).Refuses(404).WithTags("YYCode").WithSummary("A job's state and images; needs no key (the job id is the capability)");
        return app;
    }

    /// <summary>A submit's answers: the finished job (or, with <c>x-demo-async: 1</c>, the pending one), 502 failed, 504 canceled.</summary>
    private static RouteHandlerBuilder AnswersJob(this RouteHandlerBuilder route) => route.Submits()
        .Produces<YyCodeDone>().AlsoAnswers<YyCodeReply>(200).Refuses(502, 504)
        .ReadsHeader("x-demo-async", "1: answer at once with the pending job to poll at /api/jobs/{jobId}; otherwise the call waits for the images.")
        .ReadsHeader("x-demo-base-url", "Accepted and ignored (YYCode's gateway address).");

    private static Task<IResult> GenerateAsync(HttpContext http, TaskService tasks, SubmittingPost post, IBlobStore blobs) =>
        post.JsonAsync(http, YyCodeJson.Wire.YyCodeGenerateRequest, Error, async (json, idem) =>
        {
            var fields = new ImageApiFields(json.Model, json.Prompt, ImageApiFields.Text(json.N), json.Size, json.OutputFormat, json.Quality, json.Background);
            var request = fields.Parse(GenerationModel.Generate, tasks.Models, qualityAliases: true, Backgrounds);
            var submitted = request.IsOk ? await tasks.SubmitAsync(CallerAuth.CallerOf(http), DialectName, request.Value!, idem, http.RequestAborted) : request.Error!;
            return await AnswerAsync(http, tasks, blobs, submitted);
        });

    private static Task<IResult> EditAsync(HttpContext http, TaskService tasks, InputImageStore inputs, SubmittingPost post, IBlobStore blobs) =>
        post.MultipartAsync(http, Error, async (form, idem) =>
        {
            var request = ImageApiFields.FromForm(form).Parse(GenerationModel.Edit, tasks.Models, qualityAliases: true, Backgrounds);
            var submitted = request.IsOk
                ? await UploadedEdit.SubmitAsync(tasks, inputs, CallerAuth.CallerOf(http), DialectName, request.Value!, form, idem, http.RequestAborted)
                : request.Error!;
            return await AnswerAsync(http, tasks, blobs, submitted);
        });

    /// <summary>A pending job with <c>x-demo-async: 1</c>; otherwise the job once it has ended.</summary>
    private static async Task<JsonReply> AnswerAsync(HttpContext http, TaskService tasks, IBlobStore blobs, Result<TaskRecord> submitted)
    {
        if (!submitted.IsOk)
        {
            return Error(submitted.Error!);
        }
        var task = submitted.Value!;
        if (http.Request.Headers["x-demo-async"] == "1")
        {
            return Reply(200, new YyCodeReply { Ok = true, Pending = true, JobId = task.Id, Meta = MetaOf(task), Test = task.Test });
        }
        task = await tasks.AwaitEndAsync(task, http.RequestAborted);
        return await JobReplyAsync(task, blobs, task.State switch { TaskState.Succeeded => 200, TaskState.Canceled => 504, _ => 502 }, http.RequestAborted);
    }

    private static async Task<IResult> JobAsync(string jobId, HttpContext http, IEaselStore store, IBlobStore blobs)
    {
        var task = await store.GetTaskAsync(jobId, http.RequestAborted);
        return task is null || task.Dialect != DialectName
            ? Error(RequestError.NotFound("no such job"))
            : await JobReplyAsync(task, blobs, 200, http.RequestAborted);
    }

    private static async Task<JsonReply> JobReplyAsync(TaskRecord task, IBlobStore blobs, int status, CancellationToken ct)
    {
        var common = new YyCodeReply { Ok = true, JobId = task.Id, Status = task.State.ToWire(), Meta = MetaOf(task), Test = task.Test };
        switch (task.State)
        {
            case TaskState.Succeeded:
                var outputs = await TaskOutputs.ReadAsync(blobs, task, ct);
                if (outputs is null)
                {
                    return Reply(status, Failed(common, "the job's images have expired", "expired"));
                }
                var images = outputs.Select(o => new YyCodeImage(Convert.ToBase64String(o.Bytes), null, o.Format.ContentType())).ToList();
                return new JsonReply(status, JsonSerializer.SerializeToUtf8Bytes(new YyCodeDone(images, common.Meta!, task.Id, task.Test), YyCodeJson.Wire.YyCodeDone));
            case TaskState.Failed or TaskState.Canceled:
                var (message, code) = YyCodeFailures.ErrorOf(task);
                return Reply(status, Failed(common, message, code));
            default:
                return Reply(status, common with { Pending = true });
        }
    }

    private static YyCodeReply Failed(YyCodeReply common, string message, string code) =>
        common with { Ok = false, Pending = false, Status = "failed", Error = new YyCodeErrorDetail(message, code) };

    /// <summary>One request id per job, derived from its id, so a poll reports the one its submit did.</summary>
    private static YyCodeMeta MetaOf(TaskRecord task) => new("req_" + task.Id[(task.Id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

    private static JsonReply Reply(int status, YyCodeReply reply) => new(status, JsonSerializer.SerializeToUtf8Bytes(reply, YyCodeJson.Wire.YyCodeReply));

    public static JsonReply Error(RequestError error)
    {
        var (status, code) = ErrorCodes.Of(error);
        var body = new YyCodeReply { Ok = false, Error = new YyCodeErrorDetail(error.Message, error.Code ?? code) };
        return JsonReply.ForError(status, JsonSerializer.SerializeToUtf8Bytes(body, YyCodeJson.Wire.YyCodeReply), error);
    }
}
