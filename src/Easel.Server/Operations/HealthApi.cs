using Easel.Store;

namespace Easel.Server.Operations;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("Operations").ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).WithTags("Operations").ExcludeFromDescription();
        return app;
    }

    /// <summary>Ready when the store answers.</summary>
    private static async Task<IResult> ReadyAsync(IEaselStore store, CancellationToken ct) =>
        await store.IsReachableAsync(ct) ? TypedResults.Text("ready") : TypedResults.Text("store unavailable", statusCode: 503);
}
