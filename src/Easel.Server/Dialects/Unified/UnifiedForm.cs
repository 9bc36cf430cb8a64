using System.Text;
using Easel.Core;
using Easel.Server.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

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

    /// <summary>
    /// The submit's two request bodies, for the OpenAPI document. Not <c>Accepts</c> metadata: routing would then answer other
    /// content types with a bare 415 instead of the route's own error.
    /// </summary>
    public static async Task DescribeSubmitBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(UnifiedSubmitRequest), null, ct) },
                ["multipart/form-data"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(UnifiedSubmitForm), null, ct) },
            },
        };
    }
}
