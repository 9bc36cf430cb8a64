using System.Text;
using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Imaging;
using Easel.Server.Http;
using Easel.Store;
using Microsoft.Extensions.Options;

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
        var api = app.MapGroup("/v1/images").AddEndpointFilter(CallerAuth.Required(Error)).WithTags("OpenAI Images API");
        api.MapPost("/generations", GenerationsAsync).WithSummary("Create images (JSON); stream: true answers with server-sent events");
        api.MapPost("/edits", EditsAsync).WithSummary("Edit images (multipart: image or image[], optional mask)");
        return app;
    }


    private static Task<IResult> GenerationsAsync(HttpContext http, TaskService tasks, SubmittingPost post, Answer answer) =>
        post.JsonAsync(http, OpenAiJson.Wire.OpenAiImageRequest, Error, async (json, idem) =>
        {
            var fields = new ImageApiFields(json.Model, json.Prompt, ImageApiFields.Text(json.N), json.Size, json.OutputFormat, json.Quality, json.Background);
            var call = OpenAiRequests.Parse(fields, GenerationModel.Generate, ImageApiFields.Text(json.Stream), ImageApiFields.Text(json.PartialImages),
                json.ResponseFormat, ImageApiFields.Text(json.OutputCompression), json.Moderation);
            var submitted = call.IsOk ? await tasks.SubmitAsync(CallerAuth.CallerOf(http), DialectName, call.Value!.Request, idem, http.RequestAborted) : call.Error!;
            return await answer.RenderAsync(http, call.Value, submitted, "image_generation");
        });

    private static Task<IResult> EditsAsync(HttpContext http, TaskService tasks, InputImageStore inputs, SubmittingPost post, Answer answer) =>
        post.MultipartAsync(http, Error, async (form, idem) =>
        {
            var call = OpenAiRequests.Parse(ImageApiFields.FromForm(form), GenerationModel.Edit, form.Field("stream"), form.Field("partial_images"),
                form.Field("response_format"), form.Field("output_compression"), form.Field("moderation"));
            var submitted = call.IsOk
                ? await UploadedEdit.SubmitAsync(tasks, inputs, CallerAuth.CallerOf(http), DialectName, call.Value!.Request, form, idem, http.RequestAborted)
                : call.Error!;
            return await answer.RenderAsync(http, call.Value, submitted, "image_edit");
        });

    /// <summary>Waits for a submitted task and renders it as the Images API does.</summary>
    public sealed class Answer(TaskService tasks, IBlobStore blobs, FileUrls urls, PublicBase publicBase, IOptions<EaselOptions> options)
    {
        /// <param name="call">Null when <paramref name="submitted"/> is the parse error.</param>
        /// <param name="eventPrefix">Names the stream events: <c>image_generation</c> or <c>image_edit</c>.</param>
        public async Task<JsonReply> RenderAsync(HttpContext http, OpenAiCall? call, Result<TaskRecord> submitted, string eventPrefix)
        {
            if (!submitted.IsOk || call is null)
            {
                return Error(submitted.Error!);
            }
            var ct = http.RequestAborted;
            var task = await tasks.AwaitEndAsync(submitted.Value!, ct);
            if (task.State != TaskState.Succeeded)
            {
                return Error(Failure(task));
            }
            var outputs = await TaskOutputs.ReadAsync(blobs, task, ct) ?? throw new InvalidOperationException($"the images of {task.Id} are gone already");
            var request = call.Request;
            var first = task.Files[0];
            var size = $"{first.Width}x{first.Height}";
            var format = outputs[0].Format;
            var background = request.Background == Background.Transparent || (format == OutputFormat.Png && PngCodec.HasAlphaChannel(outputs[0].Bytes)) ? "transparent" : "opaque";
            var quality = request.Quality != Quality.Auto ? request.Quality.ToWire()
                : task.Captured is > 0 && options.Value.Prices.QualityCharged(task.Captured.Value, request.Tier, task.Files.Count) is { } charged ? charged.ToWire()
                : "auto";
            var created = task.CreatedAt.ToUnixTimeSeconds();
            if (call.Stream)
            {
                return Stream(call, eventPrefix, outputs, created, size, quality, background);
            }
            var baseUrl = publicBase.Of(http.Request);
            var data = outputs.Select((o, i) => call.Urls
                ? new OpenAiImage(null, urls.Sign(baseUrl, task.Files[i]))
                : new OpenAiImage(Convert.ToBase64String(o.Bytes), null)).ToList();
            var response = new OpenAiImagesResponse(created, data, background, format.ToWire(), quality, size, OpenAiUsage.None);
            return new JsonReply(200, JsonSerializer.SerializeToUtf8Bytes(response, OpenAiJson.Wire.OpenAiImagesResponse));
        }

        /// <summary>Each image's partial frames then its completed frame, rendered whole once the task has ended so it can be replayed.</summary>
        private static JsonReply Stream(OpenAiCall call, string eventPrefix, IReadOnlyList<(byte[] Bytes, OutputFormat Format)> outputs, long created, string size, string quality, string background)
        {
            var text = new StringBuilder();
            var transparent = background == "transparent";
            foreach (var (bytes, format) in outputs)
            {
                for (var i = 0; i < call.PartialImages; i++)
                {
                    var preview = PartialPreview.Render(bytes, format, transparent, i, call.PartialImages);
                    Frame(new OpenAiImageEvent($"{eventPrefix}.partial_image", Convert.ToBase64String(preview), created, size, quality, background, format.ToWire(), i, null));
                }
                Frame(new OpenAiImageEvent($"{eventPrefix}.completed", Convert.ToBase64String(bytes), created, size, quality, background, format.ToWire(), null, OpenAiUsage.None));
            }
            return new JsonReply(200, Encoding.UTF8.GetBytes(text.ToString()), "text/event-stream");

            void Frame(OpenAiImageEvent frame) =>
                text.Append("event: ").Append(frame.Type).Append("\ndata: ").Append(JsonSerializer.Serialize(frame, OpenAiJson.Wire.OpenAiImageEvent)).Append("\n\n");
        }

        private static RequestError Failure(TaskRecord task) => task.State == TaskState.Canceled
            ? new RequestError(ErrorKind.Internal, "the image was not ready in time; nothing was charged") { Code = "timeout" }
            : task.ErrorCode == "invalid_reference_image"
                ? RequestError.Invalid(task.ErrorMessage ?? "an input image could not be used", "image") with { Code = "invalid_image" }
                : new RequestError(ErrorKind.Internal, task.ErrorMessage ?? "the image could not be generated; nothing was charged") { Code = task.ErrorCode };
    }

    public static JsonReply Error(RequestError error)
    {
        var (status, type, code) = error.Kind switch
        {
            ErrorKind.InvalidRequest => (400, "invalid_request_error", error.Param is null ? null : "invalid_value"),
            ErrorKind.PayloadTooLarge => (413, "invalid_request_error", "payload_too_large"),
            ErrorKind.Authentication => (401, "invalid_request_error", "invalid_api_key"),
            ErrorKind.PermissionDenied => (403, "invalid_request_error", "permission_denied"),
            ErrorKind.InsufficientCredits => (402, "insufficient_quota", "insufficient_quota"),
            ErrorKind.NotFound => (404, "invalid_request_error", "not_found"),
            ErrorKind.Conflict => (409, "invalid_request_error", "conflict"),
            ErrorKind.IdempotencyInFlight => (409, "invalid_request_error", "idempotency_key_in_use"),
            ErrorKind.IdempotencyMismatch => (422, "invalid_request_error", "idempotency_key_reused"),
            ErrorKind.RateLimited => (429, "requests", "rate_limit_exceeded"),
            _ => (error.Code == "timeout" ? 504 : 500, "server_error", null),
        };
        var body = new OpenAiError(new OpenAiErrorDetail(error.Message, type, error.Param, error.Code ?? code));
        return JsonReply.ForError(status, JsonSerializer.SerializeToUtf8Bytes(body, OpenAiJson.Wire.OpenAiError), error);
    }
}
