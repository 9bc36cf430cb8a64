using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Easel.FakeUpstreams;

/// <summary>OpenAI's Images API: <c>POST /v1/images/generations</c> (JSON) and <c>/v1/images/edits</c> (multipart), synchronous.</summary>
public sealed partial class FakeUpstream
{
    /// <summary>The last answer built, kept so a benchmark measures the server in front of the fake, not the fake.</summary>
    private ((int, string, string, byte[]) Key, byte[] Body)? _lastOpenAiBody;

    private void MapOpenAi(WebApplication app)
    {
        app.MapPost("/v1/images/generations", async (HttpContext http, CancellationToken ct) =>
        {
            var fields = await ReadJsonFieldsAsync(http.Request, ct);
            Remember(http.Request, fields, []);
            return await OpenAiAnswerAsync(http, fields, ct);
        });
        app.MapPost("/v1/images/edits", async (HttpContext http, CancellationToken ct) =>
        {
            var (fields, files) = await ReadFormAsync(http.Request, ct);
            Remember(http.Request, fields, files);
            return await OpenAiAnswerAsync(http, fields, ct);
        });
    }

    private async Task<IResult> OpenAiAnswerAsync(HttpContext http, Dictionary<string, string> fields, CancellationToken ct)
    {
        Interlocked.Increment(ref _submits);
        if (http.Request.Headers.Authorization != $"Bearer {Key}" && http.Request.Headers["api-key"] != Key || Fault == Fault.Unauthorized)
        {
            return OpenAiError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }
        if (await SubmitFaultAsync(http, (status, message, code) => OpenAiError(status, message, status == 400 ? "image_generation_user_error" : "server_error", code), ct) is { } faulted)
        {
            return faulted;
        }
        var count = fields.TryGetValue("n", out var n) ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 1;
        var quality = fields.GetValueOrDefault("quality") is { } q and not "auto" ? q : "high";
        return Results.Bytes(OpenAiBody(count, quality, fields.GetValueOrDefault("size") ?? "auto"), "application/json");
    }

    /// <summary>
    /// The documented answer shape. The base64 is written the way System.Text.Json writes it by default (<c>+</c> as
    /// <c>\u002B</c>), which a streaming reader must undo.
    /// </summary>
    public byte[] OpenAiBody(int count, string quality, string size)
    {
        var key = (count, quality, size, Image);
        if (_lastOpenAiBody is { } last && last.Key.Equals(key))
        {
            return last.Body;
        }
        var b64 = Convert.ToBase64String(Image).Replace("+", "\\u002B", StringComparison.Ordinal);
        var body = new StringBuilder("{\"created\":1713833628,\"data\":[");
        for (var i = 0; i < count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append("{\"b64_json\":\"").Append(b64).Append("\"}");
        }
        body.Append($"],\"background\":\"opaque\",\"output_format\":\"png\",\"quality\":\"{quality}\",\"size\":\"{size}\",");
        body.Append("\"usage\":{\"total_tokens\":100,\"input_tokens\":50,\"output_tokens\":50,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}");
        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        _lastOpenAiBody = (key, bytes);
        return bytes;
    }

    private static IResult OpenAiError(int status, string message, string type, string? code) =>
        Results.Json(new { error = new { message, type, param = (string?)null, code } }, statusCode: status);
}
