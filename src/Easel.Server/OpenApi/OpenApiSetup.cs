namespace Easel.Server.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> (shown at <c>/docs</c>): every route of every dialect, the account's and the admin's.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddEaselOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer(DocumentInfo.DescribeAsync);
        o.AddDocumentTransformer(Security.AddSchemesAsync);
        o.AddSchemaTransformer(WireSchemas.ShapeAsync);
        o.AddOperationTransformer(DocumentInfo.NameAsync);
        o.AddOperationTransformer(RequestBodies.DescribeAsync);
        o.AddOperationTransformer(AlternativeAnswers.DescribeAsync);
        o.AddOperationTransformer(Security.RequireAsync);
        o.AddOperationTransformer(EaselHeaders.DescribeAsync);
        o.AddOperationTransformer(SeedExamples.AddAsync);
    });
}
