using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>The request bodies routes declare with <see cref="RequestBodyDoc"/>: JSON, <c>multipart/form-data</c>, or either.</summary>
public static class RequestBodies
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDoc>().LastOrDefault() is not { } body)
        {
            return;
        }
        var content = new Dictionary<string, OpenApiMediaType>();
        if (body.Json is { } json)
        {
            content["application/json"] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(json, null, ct) };
        }
        if (body.Form is { } form)
        {
            content["multipart/form-data"] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(form, null, ct) };
        }
        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }
}
