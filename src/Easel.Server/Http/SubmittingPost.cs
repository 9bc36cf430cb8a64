using System.Text.Json.Serialization.Metadata;
using Easel.Core;
using Easel.Engine;
using Easel.Store;
using Microsoft.Extensions.Options;

namespace Easel.Server.Http;

/// <summary>How every dialect's submitting POST starts: its body read under its cap, then handled under <c>Idempotency-Key</c>.</summary>
public sealed class SubmittingPost(Idempotency idempotency, IOptions<EaselOptions> options)
{
    public async Task<IResult> JsonAsync<T>(
        HttpContext http, JsonTypeInfo<T> type, Func<RequestError, JsonReply> error, Func<T, IdempotencyLink?, Task<JsonReply>> handle)
        where T : class
    {
        var body = await RequestBody.ReadJsonBytesAsync(http.Request, http.RequestAborted);
        if (!body.IsOk)
        {
            return error(body.Error!);
        }
        return await idempotency.RunSubmitAsync(http, CallerAuth.CallerOf(http).AccountId, body.Value!, error, async idem =>
        {
            var parsed = RequestBody.Parse(body.Value!, type);
            return parsed.IsOk ? await handle(parsed.Value!, idem) : error(parsed.Error!);
        });
    }

    /// <summary>A <c>multipart/form-data</c> edit of at most <c>Easel:MaxUploadMegabytes</c>.</summary>
    /// <param name="textParts">Parts read as text fields even when sent as files.</param>
    public async Task<IResult> MultipartAsync(
        HttpContext http, Func<RequestError, JsonReply> error, Func<MultipartForm, IdempotencyLink?, Task<JsonReply>> handle,
        IReadOnlyCollection<string>? textParts = null)
    {
        var form = await MultipartForm.ReadAsync(http.Request, options.Value.MaxUploadMegabytes * 1024 * 1024, http.RequestAborted, textParts);
        if (!form.IsOk)
        {
            return error(form.Error!);
        }
        return await idempotency.RunSubmitAsync(http, CallerAuth.CallerOf(http).AccountId, form.Value!.Digest, error, idem => handle(form.Value!, idem));
    }
}
