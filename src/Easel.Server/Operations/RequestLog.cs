using System.Diagnostics;
using Easel.Server.Http;

namespace Easel.Server.Operations;

/// <summary>
/// One line per request in the <c>Easel.Requests</c> category: method, route template (never the raw path or query, which may be
/// a signed file URL), status, milliseconds and the key's id. Health and metrics reads are logged at Debug only.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "Easel.Requests";
    private readonly ILogger _log = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed && !http.Response.HasStarted ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
            var level = http.Request.Path.Value is "/healthz" or "/readyz" or Telemetry.MetricsPath ? LogLevel.Debug : LogLevel.Information;
            var (method, route, elapsed, keyId) = (http.Request.Method, RouteOf(http), Stopwatch.GetElapsedTime(started).TotalMilliseconds, CallerAuth.KeyIdOf(http) ?? "-");
            LogRequest(level, method, route, status, elapsed, keyId);
        }
    }

    /// <summary>The matched route's template, or <c>-</c> when no route matched (a static file, an unknown path).</summary>
    public static string RouteOf(HttpContext http) => (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "-";

    [LoggerMessage(Message = "{Method} {Route} answered {Status} in {ElapsedMs:0.0} ms (key {KeyId})")]
    private partial void LogRequest(LogLevel level, string method, string route, int status, double elapsedMs, string keyId);
}
