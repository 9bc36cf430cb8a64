using Easel.Server.Dialects;
using Easel.Server.Dialects.YyCode;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>
/// The keys each route takes: an API key as a bearer token (YYCode's routes also in <c>x-demo-api-key</c>), the admin key on
/// <c>/admin/</c>, and none on YYCode's job poll (the job id is the capability), the signed file URLs and the health checks.
/// </summary>
public static class Security
{
    public const string ApiKey = "apiKey";
    public const string YyCodeKey = "yyCodeKey";
    public const string AdminKey = "adminKey";

    public static Task AddSchemesAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An account's API key (sk_…), as Authorization: Bearer <key>.",
        };
        document.Components.SecuritySchemes[YyCodeKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = YyCodeApi.KeyHeader,
            Description = "YYCode's header for the API key; Authorization: Bearer works too.",
        };
        document.Components.SecuritySchemes[AdminKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The operator's admin key (Easel:AdminKey, or the one printed at first start), as Authorization: Bearer <key>.",
        };
        return Task.CompletedTask;
    }

    public static Task RequireAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schemes = SchemesOf(RouteDocs.Rooted(context.Description.RelativePath ?? ""));
        operation.Security = [.. schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = [] })];
        return Task.CompletedTask;
    }

    /// <summary>Any one of these schemes admits a request to the path; none for a public route.</summary>
    public static IReadOnlyList<string> SchemesOf(string path) => path switch
    {
        _ when path.StartsWith("/api/jobs/", StringComparison.Ordinal) => [],
        _ when ErrorShapes.Of(path) == ErrorShapes.YyCode => [ApiKey, YyCodeKey],
        _ when path.StartsWith("/admin/", StringComparison.Ordinal) => [AdminKey],
        _ when ErrorShapes.Of(path) is { } shape && shape != ErrorShapes.Files => [ApiKey],
        _ => [],
    };
}
