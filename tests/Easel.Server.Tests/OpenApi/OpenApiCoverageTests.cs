using System.Reflection;
using System.Text.Json;
using Easel.Server.Dialects;
using Easel.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Easel.Server.Tests.OpenApi;

/// <summary>
/// Every route the app serves is in the document with what it takes (path, query and body) and what it answers (a success
/// and its errors, each error in its dialect's shape), read from the app's own endpoints rather than from a list.
/// </summary>
public sealed class OpenApiCoverageTests
{
    /// <summary>POSTs whose input is their path alone.</summary>
    private static readonly string[] Bodiless =
        ["POST /api/generate/cancel/{taskId}", "POST /api/account/webhook-secret/rotate", "POST /api/generate/tasks/{taskId}/webhooks/redeliver"];

    [Fact]
    public async Task Every_endpoint_is_documented_with_its_request_a_success_and_errors_in_its_dialects_shape()
    {
        await using var server = await EaselServer.StartAsync();
        using var client = server.NewClient();
        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement.GetProperty("paths");
        var routes = ServedRoutes(server.Services).ToList();
        Assert.Contains(routes, r => r.Path == "/healthz");

        var problems = routes.SelectMany(r => ProblemsOf(r, paths)).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("/api/generate/submit", "post", "apiKey")]
    [InlineData("/api/generate", "post", "apiKey")]
    [InlineData("/api/images/generate", "post", "apiKey,yyCodeKey")]
    [InlineData("/v1/images/edits", "post", "apiKey")]
    [InlineData("/admin/accounts", "get", "adminKey")]
    [InlineData("/api/keys", "get", "apiKey")]
    [InlineData("/api/jobs/{jobId}", "get", "")]
    [InlineData("/files/{name}", "get", "")]
    [InlineData("/healthz", "get", "")]
    public async Task Each_route_names_the_keys_it_takes(string path, string method, string schemes)
    {
        var document = await OpenApiDocumentTests.DocumentAsync();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        var named = operation.TryGetProperty("security", out var security)
            ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList()
            : [];
        Assert.Equal(schemes.Split(',', StringSplitOptions.RemoveEmptyEntries), named);
        var defined = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.All(named, n => Assert.True(defined.TryGetProperty(n, out _), n));
        Assert.Equal("x-demo-api-key", defined.GetProperty("yyCodeKey").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/api/generate/submit", "200")]
    [InlineData("/api/generate", "202")]
    [InlineData("/api/images/generate", "200")]
    [InlineData("/v1/images/generations", "200")]
    public async Task Each_dialects_submit_has_the_seed_docs_example_the_easel_headers_and_retry_after(string path, string success)
    {
        var document = await OpenApiDocumentTests.DocumentAsync();

        var submit = document.GetProperty("paths").GetProperty(path).GetProperty("post");

        Assert.Equal(JsonValueKind.Object, submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").ValueKind);
        Assert.Equal(JsonValueKind.Object, submit.GetProperty("responses").GetProperty(success).GetProperty("content").GetProperty("application/json").GetProperty("example").ValueKind);
        Assert.Contains("Idempotency-Key", submit.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        foreach (var status in new[] { "429", "503" })
        {
            Assert.True(submit.GetProperty("responses").GetProperty(status).GetProperty("headers").TryGetProperty("Retry-After", out _), status);
        }
    }

    [Fact]
    public async Task The_camel_case_dialects_schemas_are_named_as_their_wire_is()
    {
        var schemas = (await OpenApiDocumentTests.DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Assert.True(schemas.GetProperty("GptImage2AiJob").GetProperty("properties").TryGetProperty("jobId", out _));
        Assert.True(schemas.GetProperty("GptImage2AiBalance").GetProperty("properties").TryGetProperty("paidCredits", out _));
        Assert.True(schemas.GetProperty("YyCodeDone").GetProperty("properties").TryGetProperty("jobId", out _));
        Assert.True(schemas.GetProperty("YyCodeImage").GetProperty("properties").TryGetProperty("mimeType", out _));
        // Left out of the wire when null, so not required.
        Assert.DoesNotContain("error", schemas.GetProperty("GptImage2AiJob").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    private sealed record ServedRoute(string Method, string Path, RouteEndpoint Endpoint)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>The routes of route handlers (not the Studio's pages and assets, which are no API).</summary>
    private static IEnumerable<ServedRoute> ServedRoutes(IServiceProvider services) =>
        from endpoint in services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
        where endpoint.Metadata.GetMetadata<MethodInfo>() is not null
            && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        where method != "HEAD"
        select new ServedRoute(method, "/" + endpoint.RoutePattern.RawText!.Trim('/'), endpoint);

    private static IEnumerable<string> ProblemsOf(ServedRoute route, JsonElement paths)
    {
        if (!paths.TryGetProperty(route.Path, out var item) || !item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation))
        {
            yield return $"{route}: not in the document";
            yield break;
        }
        var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        foreach (var input in InputsOf(route))
        {
            if (!parameters.Any(d => d.GetProperty("name").GetString() == input.Name && d.GetProperty("in").GetString() == input.In))
            {
                yield return $"{route}: its {input.In} parameter {input.Name} is not documented";
            }
        }
        if (route.Method is "POST" or "PATCH" && !Bodiless.Contains(route.ToString()) && !operation.TryGetProperty("requestBody", out _))
        {
            yield return $"{route}: no request body";
        }
        var responses = operation.GetProperty("responses").EnumerateObject().ToList();
        if (!responses.Any(r => r.Name.StartsWith('2') && HasSchema(r.Value)))
        {
            yield return $"{route}: no success answer with a schema";
        }
        var errors = responses.Where(r => r.Name[0] is '4' or '5' && r.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/json", out _)).ToList();
        if (errors.Count == 0)
        {
            yield return $"{route}: no error answer with a schema";
        }
        var shape = (ErrorShapes.Of(route.Path) ?? ErrorShapes.Native).Schema.Name;
        foreach (var error in errors.Where(e => SchemaRef(e.Value) != $"#/components/schemas/{shape}"))
        {
            yield return $"{route}: its {error.Name} is not in its dialect's error shape {shape}";
        }
    }

    /// <summary>The route's path parameters, and the handler's other simple arguments, which bind from the query.</summary>
    private static IEnumerable<(string Name, string In)> InputsOf(ServedRoute route)
    {
        var inPath = route.Endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var query = route.Endpoint.Metadata.GetMetadata<MethodInfo>()!.GetParameters()
            .Where(a => (a.ParameterType == typeof(string) || Nullable.GetUnderlyingType(a.ParameterType) is not null) && !inPath.Contains(a.Name!))
            .Select(a => (a.Name!, "query"));
        return inPath.Select(n => (n, "path")).Concat(query);
    }

    private static bool HasSchema(JsonElement response) =>
        response.TryGetProperty("content", out var content) && content.EnumerateObject().Any(m => m.Value.TryGetProperty("schema", out _));

    private static string? SchemaRef(JsonElement response) =>
        response.GetProperty("content").GetProperty("application/json").GetProperty("schema").TryGetProperty("$ref", out var r) ? r.GetString() : null;
}
