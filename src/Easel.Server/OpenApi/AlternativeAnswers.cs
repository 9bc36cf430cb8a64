using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>
/// A status whose body may take two forms (YYCode's finished or pending job; OpenAI's images as JSON or as server-sent events):
/// the second is added beside the first, as <c>anyOf</c> in the same media type or as its own media type.
/// </summary>
public static class AlternativeAnswers
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var answer in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternativeAnswerDoc>())
        {
            var status = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(status, out var found) != true || found is not OpenApiResponse response)
            {
                throw new InvalidOperationException($"{context.Description.RelativePath}: a second answer for {status}, which it does not declare");
            }
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            // A type the document already holds as a component (an error shape) is referred to rather than repeated.
            IOpenApiSchema schema = context.Document?.Components?.Schemas?.ContainsKey(answer.Type.Name) == true
                ? new OpenApiSchemaReference(answer.Type.Name, context.Document)
                : await context.GetOrCreateSchemaAsync(answer.Type, null, ct);
            response.Content[answer.ContentType] = response.Content.TryGetValue(answer.ContentType, out var first) && first.Schema is { } existing
                ? new OpenApiMediaType { Schema = new OpenApiSchema { AnyOf = [existing, schema] } }
                : new OpenApiMediaType { Schema = schema };
        }
    }
}
