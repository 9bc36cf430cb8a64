namespace Easel.Engine.Telemetry;

/// <summary>The <c>Easel:Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    public const string Loopback = "loopback";
    public const string Admin = "admin";
    public const string Open = "open";

    /// <summary>
    /// <c>loopback</c> (default): only callers on this machine (a local Prometheus or agent; others get 404); <c>admin</c>:
    /// the admin key as a bearer token; <c>open</c>: anyone who can reach the port.
    /// </summary>
    public string Access { get; set; } = Loopback;

    /// <summary>Null when the setting is usable, otherwise why not.</summary>
    public string? Check() =>
        Access is Loopback or Admin or Open ? null : $"Easel:Metrics:Access must be {Loopback}, {Admin} or {Open}, not '{Access}'";
}

/// <summary>The <c>Easel:Otlp</c> section; the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> turns the export on too.</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector, e.g. <c>http://localhost:4317</c>; unset: nothing is exported.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>Null when the settings are usable, otherwise why not.</summary>
    public string? Check()
    {
        if (Protocol is not ("grpc" or "http/protobuf"))
        {
            return $"Easel:Otlp:Protocol must be grpc or http/protobuf, not '{Protocol}'";
        }
        return Endpoint is null || Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : $"Easel:Otlp:Endpoint must be an http or https URL, not '{Endpoint}'";
    }
}
