using Easel.Server.Dialects.Unified;
using Easel.Store;

namespace Easel.Server.Operations;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Outside every dialect: an unexpected failure here answers in the native shape (EaselApp.UnexpectedError).
        app.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("Operations").Produces<string>(200, "text/plain")
            .Produces<UnifiedErrorEnvelope>(500).WithSummary("Liveness: the process answers (ok)");
        app.MapGet("/readyz", ReadyAsync).WithTags("Operations").Produces<string>(200, "text/plain").Produces<string>(503, "text/plain")
            .Produces<UnifiedErrorEnvelope>(500).WithSummary("Readiness: the store answers (ready), else 503");
        return app;
    }

    /// <summary>Ready when the store answers.</summary>
    private static async Task<IResult> ReadyAsync(IEaselStore store, CancellationToken ct) =>
        await store.IsReachableAsync(ct) ? TypedResults.Text("ready") : TypedResults.Text("store unavailable", statusCode: 503);
}
