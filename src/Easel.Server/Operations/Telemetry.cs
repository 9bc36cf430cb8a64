using System.Net;
using Easel.Engine;
using Easel.Engine.Telemetry;
using Easel.Server.Admin;
using Easel.Server.Http;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Easel.Server.Operations;

/// <summary>
/// Metrics (<c>/metrics</c> in Prometheus text: Easel's <c>easel_…</c> series and the framework's HTTP server ones), the
/// request log and the audit log, and the optional OTLP export of traces and metrics.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The framework's own meters: request durations by route template, active requests, connections.</summary>
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    public static void AddEaselTelemetry(this WebApplicationBuilder builder, EaselOptions options)
    {
        var services = builder.Services;
        services.AddSingleton<EaselMetrics>();
        services.AddSingleton<EaselGauges>();
        services.AddSingleton<AuditLog>();
        var otlp = options.Otlp.Endpoint ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(EaselMetrics.MeterName)
                .AddMeter(FrameworkMeters)
                // Every scrape sees the counters as they are now (the exporter otherwise answers from a cache for 300 ms).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (string.IsNullOrWhiteSpace(otlp))
        {
            return;
        }
        telemetry
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = http => http.Request.Path != MetricsPath;
                // The raw path may be a signed file URL's; spans carry the route template instead.
                o.EnrichWithHttpResponse = (activity, response) => activity.SetTag("url.path", RequestLog.RouteOf(response.HttpContext));
            }))
            .UseOtlpExporter(options.Otlp.Protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, new Uri(otlp));
    }

    /// <summary>The request log around every request, and <c>/metrics</c> behind its access setting.</summary>
    public static void UseEaselTelemetry(this WebApplication app, EaselOptions options)
    {
        // Made now: the observable gauges exist only once their owner does.
        app.Services.GetRequiredService<EaselGauges>();
        app.UseMiddleware<RequestLog>();
        var access = options.Metrics.Access;
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            if (await AllowedAsync(http, access))
            {
                await next(http);
            }
        }), optionsName: null).ExcludeFromDescription();
    }

    /// <summary>Whether the caller may read the metrics; if not, the refusal has been written.</summary>
    private static Task<bool> AllowedAsync(HttpContext http, string access)
    {
        switch (access)
        {
            case MetricsOptions.Open:
                return Task.FromResult(true);
            case MetricsOptions.Admin:
                var presented = CallerAuth.PresentedKey(http.Request);
                if (presented is not null && http.RequestServices.GetRequiredService<AdminKeyHash>().Matches(presented))
                {
                    return Task.FromResult(true);
                }
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Task.FromResult(false);
            default:
                // Loopback only: to everyone else the route does not exist. A request a local reverse proxy forwarded comes
                // from loopback too, but on someone else's behalf.
                var forwarded = http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded");
                if (!forwarded && http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip))
                {
                    return Task.FromResult(true);
                }
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.FromResult(false);
        }
    }
}
