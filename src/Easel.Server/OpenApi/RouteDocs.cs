using Easel.Server.Dialects;

namespace Easel.Server.OpenApi;

/// <summary>What a route takes, for the OpenAPI document: a JSON body, a multipart form, or both.</summary>
public sealed record RequestBodyDoc(Type? Json, Type? Form);

/// <summary>Marks a POST that honours <c>Idempotency-Key</c>.</summary>
public sealed record IdempotentDoc;

/// <summary>Marks a route that honours <c>Prefer: wait=N</c>.</summary>
public sealed record PreferWaitDoc;

/// <summary>A second answer a route may give with the same status: in the same media type (either schema), or in another one.</summary>
public sealed record AlternativeAnswerDoc(int Status, Type Type, string ContentType);

/// <summary>A request header a dialect reads besides Easel's own, for the OpenAPI document.</summary>
public sealed record HeaderDoc(string Name, string Description);

/// <summary>
/// Declares, for the OpenAPI document, what a route takes and answers. Metadata only: request bodies are not <c>Accepts</c>
/// metadata, because routing would then answer other content types with a bare 415 instead of the route's own error.
/// </summary>
public static class RouteDocs
{
    public static RouteHandlerBuilder TakesJson<T>(this RouteHandlerBuilder route) => route.WithMetadata(new RequestBodyDoc(typeof(T), null));

    public static RouteHandlerBuilder TakesForm<T>(this RouteHandlerBuilder route) => route.WithMetadata(new RequestBodyDoc(null, typeof(T)));

    public static RouteHandlerBuilder TakesJsonOrForm<TJson, TForm>(this RouteHandlerBuilder route) =>
        route.WithMetadata(new RequestBodyDoc(typeof(TJson), typeof(TForm)));

    /// <summary>A POST that honours Idempotency-Key: a replay, 409 while the first is in flight, 422 for another body.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder route) => route.WithMetadata(new IdempotentDoc()).Refuses(409, 422);

    /// <summary>A submitting POST: Idempotency-Key, and the refusals every submit may meet (the key's limits are 429).</summary>
    public static RouteHandlerBuilder Submits(this RouteHandlerBuilder route) => route.Idempotent().Refuses(400, 402, 413, 429);

    public static RouteHandlerBuilder HonorsPreferWait(this RouteHandlerBuilder route) => route.WithMetadata(new PreferWaitDoc());

    public static RouteHandlerBuilder ReadsHeader(this RouteHandlerBuilder route, string name, string description) =>
        route.WithMetadata(new HeaderDoc(name, description));

    public static RouteHandlerBuilder AlsoAnswers<T>(this RouteHandlerBuilder route, int status, string contentType = "application/json") =>
        route.WithMetadata(new AlternativeAnswerDoc(status, typeof(T), contentType));

    /// <summary>
    /// Error statuses, each answered in the error shape of the route's dialect (<see cref="ErrorShapes.Of"/>), read from the
    /// route's full path when its endpoint is built.
    /// </summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } path } && ErrorShapes.Of(Rooted(path)) is { } shape)
            {
                foreach (var status in statuses)
                {
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, shape.Schema, ["application/json"]));
                }
            }
        });
        return builder;
    }

    /// <summary>A route's path as requests see it: one leading slash, no trailing one.</summary>
    public static string Rooted(string path) => "/" + path.Trim('/');
}
