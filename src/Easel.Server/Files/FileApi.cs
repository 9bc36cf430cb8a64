using System.Globalization;
using System.Text.Json;
using Easel.Core;
using Easel.Engine;
using Easel.Server.Dialects;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Store;

namespace Easel.Server.Files;

/// <summary>Serves stored outputs and their thumbnails at signed, expiring URLs (SPEC §8): 403 for a bad signature, 410 once expired.</summary>
public static class FileApi
{
    public static IEndpointRouteBuilder MapFileApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{name}", ServeAsync).Produces<Stream>(200, "image/png", "image/jpeg", "image/webp").Refuses(403, 404, 410).WithTags("Files").WithSummary("A stored output image, at its signed URL");
        return app;
    }

    private static async Task<IResult> ServeAsync(
        string name, HttpContext http, FileUrls urls, IEaselStore store, IBlobStore blobs, TimeProvider clock, string? exp = null, string? sig = null)
    {
        if (!long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || !urls.Verify(name, expires, sig))
        {
            return Problem(403, "invalid file signature");
        }
        var now = clock.GetUtcNow();
        if (now.ToUnixTimeSeconds() >= expires)
        {
            return Problem(410, "this file link has expired");
        }
        var file = BlobKey.TryParse(name, out var key) ? await store.GetFileAsync(key.ThumbnailOf ?? key.Id, http.RequestAborted) : null;
        if (file is null || (key.ThumbnailOf is null ? file.Key : file.Thumbnail) != key)
        {
            return Problem(404, "no such file");
        }
        if (file.DeletedAt is not null || file.ExpiresAt <= now)
        {
            return Problem(410, "this file has expired");
        }
        var stream = await blobs.OpenReadAsync(key, http.RequestAborted);
        if (stream is null)
        {
            return Problem(410, "this file is no longer stored");
        }
        var maxAge = (long)(file.ExpiresAt - now).TotalSeconds;
        http.Response.Headers.CacheControl = string.Create(CultureInfo.InvariantCulture, $"private, max-age={maxAge}");
        return TypedResults.Stream(stream, key.Format.ContentType(), enableRangeProcessing: true);
    }

    /// <summary>An error of the file routes, in their <c>{"error":{"message"}}</c> shape.</summary>
    public static JsonReply Error(RequestError error) =>
        JsonReply.ForError(ErrorCodes.Of(error).Status, JsonSerializer.SerializeToUtf8Bytes(new FileError(new FileErrorDetail(error.Message)), FileJson.Default.FileError), error);

    private static JsonReply Problem(int status, string message) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(new FileError(new FileErrorDetail(message)), FileJson.Default.FileError));
}

public sealed record FileError(FileErrorDetail Error);

public sealed record FileErrorDetail(string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(FileError))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
public sealed partial class FileJson : System.Text.Json.Serialization.JsonSerializerContext;
