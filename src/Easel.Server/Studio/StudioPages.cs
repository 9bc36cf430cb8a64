namespace Easel.Server.Studio;

/// <summary>
/// Easel Studio, the web app in <c>wwwroot</c>: plain HTML, CSS and ES modules that call Easel's public APIs from the browser.
/// Its files are static web assets, so the build output (<c>dotnet run</c>) and the published output serve the same bytes.
/// </summary>
public static class StudioPages
{
    /// <summary>
    /// The Studio's client-side routes: each answers the app's page, which then renders the route. They are listed rather than
    /// caught by a fallback, so an unknown <c>/api</c>, <c>/admin</c> or <c>/v1</c> path still answers its dialect's 404.
    /// </summary>
    public static readonly IReadOnlyList<string> ClientRoutes =
    [
        "/", "/sign-in", "/generate", "/edit", "/gallery", "/gallery/{taskId}", "/keys", "/usage", "/webhooks", "/code",
        "/operator", "/operator/accounts", "/operator/accounts/{accountId}", "/operator/tasks", "/operator/channels", "/operator/queue",
    ];

    private const string Page = "index.html";

    /// <summary>
    /// Lets the build output serve the assets from the project folder in every environment, as the published output serves
    /// its own copy; ASP.NET Core does this by itself only in Development. A published app has no build manifest, so this does nothing there.
    /// </summary>
    public static void UseStudioAssets(this WebApplicationBuilder builder) => builder.WebHost.UseStaticWebAssets();

    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets().WithTags("Studio").ExcludeFromDescription();
        var page = new StaticFileOptions
        {
            // The page names its modules without fingerprints: the browser revalidates it (ETag) on every visit.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        };
        foreach (var route in ClientRoutes)
        {
            app.MapFallbackToFile(route, Page, page).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
                .WithTags("Studio").ExcludeFromDescription();
        }
        return app;
    }
}
