using System.Text;
using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Imaging;
using Easel.Providers.OpenAi;
using Easel.Server.Http;
using Easel.Store;
using Microsoft.Extensions.Options;

namespace Easel.Server.Dialects.OpenAi;

/// <summary>Waits for a submitted task and renders it as the Images API does.</summary>
public sealed class OpenAiAnswer(TaskService tasks, IBlobStore blobs, FileUrls urls, PublicBase publicBase)
{
    /// <param name="call">Null when <paramref name="submitted"/> is the parse error.</param>
    /// <param name="eventPrefix">Names the stream events: <c>image_generation</c> or <c>image_edit</c>.</param>
    public async Task<JsonReply> RenderAsync(HttpContext http, OpenAiCall? call, Result<TaskRecord> submitted, string eventPrefix)
    {
        if (!submitted.IsOk || call is null)
        {
            return OpenAiApi.Error(submitted.Error!);
        }
        var ct = http.RequestAborted;
        var task = await tasks.AwaitEndAsync(submitted.Value!, ct);
        if (task.State != TaskState.Succeeded)
        {
            var (status, failure) = OpenAiFailures.Of(task);
            return OpenAiApi.Error(failure, status);
        }
        var outputs = await TaskOutputs.ReadAsync(blobs, task, ct) ?? throw new InvalidOperationException($"the images of {task.Id} are gone already");
        var request = call.Request;
        var first = task.Files[0];
        var size = $"{first.Width}x{first.Height}";
        var format = outputs[0].Format;
        var background = request.Background == Background.Transparent || (format == OutputFormat.Png && PngCodec.HasAlphaChannel(outputs[0].Bytes)) ? "transparent" : "opaque";
        var quality = (task.ResolvedQuality ?? request.Quality).ToWire();
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
}
