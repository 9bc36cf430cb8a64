using Easel.Core;
using Easel.Server.Dialects;
using Microsoft.AspNetCore.Routing.Template;

namespace Easel.Server.Http;

/// <summary>
/// Unknown routes and wrong methods, in the shape of the dialect whose prefix was called: 404, or 405 with <c>Allow</c> when
/// an API route has the path but not the method. The methods are worked out here, from the routes' own patterns and
/// constraints, because routing's own 405 is unreliable beside the Studio: its asset fallback (<c>{**path:file}</c>) takes
/// every GET first and then turns it down, leaving a 404, and it adds its HEAD to every <c>Allow</c>. Paths of no dialect
/// (the Studio's) are left as they are.
/// </summary>
public static class DialectFallback
{
    public static IApplicationBuilder UseDialectFallback(this IApplicationBuilder app)
    {
        var routes = new Lazy<IReadOnlyList<(RouteEndpoint Endpoint, TemplateMatcher Matcher, IReadOnlyList<string> Methods)>>(() =>
            [.. app.ApplicationServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.Parameters.All(p => !p.IsCatchAll) && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
                .Select(e => (e, new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()), e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods))]);
        return app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var (method, path) = (http.Request.Method, http.Request.Path.Value ?? "");
            if (http.Response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed) || ErrorShapes.Of(path) is not { } shape)
            {
                return;
            }
            var allowed = routes.Value.Where(r => Matches(r.Endpoint, r.Matcher, http)).SelectMany(r => r.Methods).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var shown = path.Length <= 200 ? path : path[..200] + "…";
            if (allowed.Count == 0)
            {
                http.Response.Headers.Remove("Allow");
                await shape.Render(RequestError.NotFound($"no such route: {method} {shown}")).ExecuteAsync(http);
                return;
            }
            var allow = string.Join(", ", allowed);
            var reply = shape.Render(new RequestError(ErrorKind.MethodNotAllowed, $"{method} is not allowed on {shown}; allowed: {allow}"));
            reply.Headers["Allow"] = allow;
            await reply.ExecuteAsync(http);
        });
    }

    private static bool Matches(RouteEndpoint endpoint, TemplateMatcher matcher, HttpContext http)
    {
        var values = new RouteValueDictionary();
        return matcher.TryMatch(http.Request.Path, values) && endpoint.RoutePattern.ParameterPolicies.All(p => p.Value
            .Select(r => r.ParameterPolicy).OfType<IRouteConstraint>()
            .All(c => c.Match(http, null, p.Key, values, RouteDirection.IncomingRequest)));
    }
}
