using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>Easel's extensions in headers: <c>Idempotency-Key</c> and <c>Prefer: wait=N</c> asked for, <c>Retry-After</c> answered.</summary>
public static class EaselHeaders
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IdempotentDoc>().Any())
        {
            Add(operation, "Idempotency-Key", "Easel extension: a retry with the same key and body replays the first answer for 24 h; the same key "
                + "with another body is 422, and while the first request is still being handled 409. Scoped to the account.");
        }
        if (metadata.OfType<PreferWaitDoc>().Any())
        {
            Add(operation, "Prefer", "Easel extension: wait=N (N ≤ 60) answers with the task's status once it ends or N seconds pass, "
                + "with Preference-Applied: wait=N.");
        }
        foreach (var header in metadata.OfType<HeaderDoc>())
        {
            Add(operation, header.Name, header.Description);
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is "429" or "503" && response is OpenApiResponse answer)
            {
                answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                answer.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
        }
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
