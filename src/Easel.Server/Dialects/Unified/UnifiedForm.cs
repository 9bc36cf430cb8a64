using System.Text;
using Easel.Core;
using Easel.Server.Http;

namespace Easel.Server.Dialects.Unified;

/// <summary>
/// The multipart form of the native submit (an Easel extension): the JSON body in a part named <c>request</c>, beside the
/// <c>image</c>/<c>image[]</c> files and the <c>mask</c> that <see cref="MultipartForm"/> reads as every dialect's edits do.
/// </summary>
public static class UnifiedForm
{
    public const string RequestPart = "request";

    /// <summary>The JSON body a multipart submit carries in its <c>request</c> part, judged as a JSON submit is.</summary>
    public static Result<GenerationRequest> Parse(MultipartForm form, ModelNames models)
    {
        if (form.Field(RequestPart) is not { } json)
        {
            return RequestError.Invalid($"a multipart submit needs a part named {RequestPart} holding the JSON body", RequestPart);
        }
        var bytes = Encoding.UTF8.GetBytes(json);
        if (bytes.Length > RequestBody.MaxJsonBytes)
        {
            return new RequestError(ErrorKind.PayloadTooLarge, $"the {RequestPart} part must be at most {RequestBody.MaxJsonBytes / 1024} KB");
        }
        var body = RequestBody.Parse(bytes, UnifiedJson.Wire.UnifiedSubmitRequest);
        return body.IsOk ? UnifiedRequests.Parse(body.Value!, models, form.Images.Count) : body.Error!;
    }
}
