using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Providers.OpenAi;
using Easel.Server.Http;
using Easel.Server.OpenApi;

namespace Easel.Server.Dialects.OpenAi;

/// <summary>
/// OpenAI's Images API, SPEC §7. Answers are synchronous (see <see cref="TaskService.AwaitEndAsync"/>). With <c>stream: true</c>
/// the answer is <c>text/event-stream</c>: the partial frames, coarse previews of the finished image, then the completed frame.
/// </summary>
public static class OpenAiApi
{
    public const string DialectName = "openai";

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/images").AddEndpointFilter(CallerAuth.Required(Error)).Refuses(401).WithTags("OpenAI Images API");
        api.MapPost("/generations", GenerationsAsync).TakesJson<OpenAiImageRequest>().AnswersImages().WithSummary("Create images (JSON); stream: true answers with server-sent events");
        api.MapPost("/edits", EditsAsync).TakesForm<OpenAiEditForm>().AnswersImages().WithSummary("Edit images (multipart: image or image[], optional mask)");
        return app;
    }

    /// <summary>The images, or with <c>stream: true</c> their server-sent events; 500 when not generated, 504 when not in time.</summary>
    private static RouteHandlerBuilder AnswersImages(this RouteHandlerBuilder route) => route.Submits()
        .Produces<OpenAiImagesResponse>().AlsoAnswers<OpenAiImageEvent>(200, "text/event-stream").Refuses(504);

    private static Task<IResult> GenerationsAsync(HttpContext http, TaskService tasks, SubmittingPost post, OpenAiAnswer answer) =>
        post.JsonAsync(http, OpenAiJson.Wire.OpenAiImageRequest, Error, async (json, idem) =>
        {
            var fields = new ImageApiFields(json.Model, json.Prompt, ImageApiFields.Text(json.N), json.Size, json.OutputFormat, json.Quality, json.Background);
            var call = OpenAiRequests.Parse(fields, GenerationModel.Generate, tasks.Models, ImageApiFields.Text(json.Stream), ImageApiFields.Text(json.PartialImages),
                json.ResponseFormat, ImageApiFields.Text(json.OutputCompression), json.Moderation);
            var submitted = call.IsOk ? await tasks.SubmitAsync(CallerAuth.CallerOf(http), DialectName, call.Value!.Request, idem, http.RequestAborted) : call.Error!;
            return await answer.RenderAsync(http, call.Value, submitted, "image_generation");
        });

    private static Task<IResult> EditsAsync(HttpContext http, TaskService tasks, InputImageStore inputs, SubmittingPost post, OpenAiAnswer answer) =>
        post.MultipartAsync(http, Error, async (form, idem) =>
        {
            var call = OpenAiRequests.Parse(ImageApiFields.FromForm(form), GenerationModel.Edit, tasks.Models, form.Field("stream"), form.Field("partial_images"),
                form.Field("response_format"), form.Field("output_compression"), form.Field("moderation"));
            var submitted = call.IsOk
                ? await UploadedEdit.SubmitAsync(tasks, inputs, CallerAuth.CallerOf(http), DialectName, call.Value!.Request, form, idem, http.RequestAborted)
                : call.Error!;
            return await answer.RenderAsync(http, call.Value, submitted, "image_edit");
        });

    public static JsonReply Error(RequestError error) => Error(error, status: null);

    /// <param name="status">The HTTP status when it is not the one of the error's kind (a task that timed out is a 504).</param>
    public static JsonReply Error(RequestError error, int? status)
    {
        var (kindStatus, type, code) = error.Kind switch
        {
            ErrorKind.InvalidRequest => (400, "invalid_request_error", error.Param is null ? null : "invalid_value"),
            ErrorKind.PayloadTooLarge => (413, "invalid_request_error", "payload_too_large"),
            ErrorKind.Authentication => (401, "invalid_request_error", "invalid_api_key"),
            ErrorKind.PermissionDenied => (403, "invalid_request_error", "permission_denied"),
            ErrorKind.InsufficientCredits => (402, "insufficient_quota", "insufficient_quota"),
            ErrorKind.NotFound => (404, "invalid_request_error", "not_found"),
            ErrorKind.MethodNotAllowed => (405, "invalid_request_error", "method_not_allowed"),
            ErrorKind.Conflict => (409, "invalid_request_error", "conflict"),
            ErrorKind.IdempotencyInFlight => (409, "invalid_request_error", "idempotency_key_in_use"),
            ErrorKind.IdempotencyMismatch => (422, "invalid_request_error", "idempotency_key_reused"),
            ErrorKind.RateLimited => (429, "requests", "rate_limit_exceeded"),
            ErrorKind.Unavailable => (503, "server_error", "service_unavailable"),
            _ => (500, "server_error", null),
        };
        var body = new OpenAiError(new OpenAiErrorDetail(error.Message, type, error.Param, error.Code ?? code));
        return JsonReply.ForError(status ?? kindStatus, JsonSerializer.SerializeToUtf8Bytes(body, OpenAiJson.Wire.OpenAiError), error);
    }
}
