using System.Net.Http.Headers;
using System.Text.Json;

namespace Easel.Client.Http;

/// <summary>The body of <c>POST /api/generate/submit</c>: JSON, or <c>multipart/form-data</c> (part <c>request</c> = the JSON, files <c>image[]</c> and <c>mask</c>) when images are uploaded.</summary>
internal static class SubmitContent
{
    public static HttpContent For(ImageRequest request)
    {
        var body = new SubmitBody(
            request.ModelOrDefault,
            request.CallbackUrl?.AbsoluteUri,
            new SubmitInput(
                request.Prompt, request.Quality, request.Size, request.Resolution, request.OutputFormat, request.Background,
                request.ImageUrls.Count == 0 ? null : request.ImageUrls.Select(u => u.AbsoluteUri).ToList()));
        if (!request.HasUploads)
        {
            return EaselTransport.Json(body, EaselJson.Default.SubmitBody);
        }
        var form = new MultipartFormDataContent();
        var json = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, EaselJson.Default.SubmitBody));
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(json, "request");
        foreach (var image in request.Images)
        {
            form.Add(image.CreateContent(), "image[]", image.FileName);
        }
        if (request.Mask is { } mask)
        {
            form.Add(mask.CreateContent(), "mask", mask.FileName);
        }
        return form;
    }
}
