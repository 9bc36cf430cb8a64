using System.ComponentModel.DataAnnotations;
using Easel.Core;
using Easel.Engine.Channels;

namespace Easel.Engine;

/// <summary>The <c>Easel</c> configuration section (SPEC §13).</summary>
public sealed class EaselOptions
{
    public const string Section = "Easel";

    public string DataDir { get; set; } = "./data";

    /// <summary>Base of file URLs; when unset, the base the request came in on.</summary>
    public string? PublicBaseUrl { get; set; }

    [Range(1, 24 * 365)]
    public int FileTtlHours { get; set; } = 24;

    /// <summary>Which parts this node runs: <c>api</c>, <c>worker</c>, or (unset) both.</summary>
    /// <remarks>No default array: the configuration binder would keep its elements past those configured.</remarks>
    public string[]? Roles { get; set; }

    private string[] EffectiveRoles => Roles is { Length: > 0 } roles ? roles : [ApiRole, WorkerRole];

    /// <summary>The largest multipart upload (all its images together) an edit may send.</summary>
    [Range(1, 1024)]
    public int MaxUploadMegabytes { get; set; } = 50;

    public AdminOptions Admin { get; set; } = new();

    public StoreOptions Store { get; set; } = new();

    public BlobOptions Blobs { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public DispatcherOptions Engine { get; set; } = new();

    public PriceTable Prices { get; set; } = new();

    public ModelsOptions Models { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Upstream channels by name (SPEC §13). None configured: the sandbox serves every task (or OpenAI, with OPENAI_API_KEY).</summary>
    public Dictionary<string, ChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RoutingOptions Routing { get; set; } = new();

    /// <summary><c>/metrics</c>: who may read it.</summary>
    public Telemetry.MetricsOptions Metrics { get; set; } = new();

    /// <summary>OpenTelemetry export of traces and metrics; off unless an endpoint is set.</summary>
    public Telemetry.OtlpOptions Otlp { get; set; } = new();

    public bool RunsWorker => EffectiveRoles.Contains(WorkerRole, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether this node answers the APIs; a worker-only node serves only health.</summary>
    public bool RunsApi => EffectiveRoles.Contains(ApiRole, StringComparer.OrdinalIgnoreCase);

    public const string ApiRole = "api";
    public const string WorkerRole = "worker";

    /// <summary>Null if the roles are usable, otherwise why not.</summary>
    public string? CheckRoles() =>
        EffectiveRoles.Any(r => !r.Equals(ApiRole, StringComparison.OrdinalIgnoreCase) && !r.Equals(WorkerRole, StringComparison.OrdinalIgnoreCase))
            ? $"Easel:Roles must name {ApiRole}, {WorkerRole} or both, not '{string.Join(", ", EffectiveRoles)}'"
            : null;
}

/// <summary>Where Easel keeps its records (SPEC §13): <c>sqlite</c> under <see cref="EaselOptions.DataDir"/>, or <c>postgres</c>.</summary>
public sealed class StoreOptions
{
    public string Provider { get; set; } = "sqlite";

    /// <summary>An Npgsql connection string, for <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Where file bytes live (SPEC §13): <c>disk</c> under <see cref="EaselOptions.DataDir"/>, or an <c>s3</c>-compatible bucket.</summary>
public sealed class BlobOptions
{
    public string Provider { get; set; } = "disk";

    public S3Settings S3 { get; set; } = new();
}

public sealed class S3Settings
{
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Bucket in the path rather than the host name: what MinIO and most self-hosted servers want.</summary>
    public bool ForcePathStyle { get; set; } = true;
}

public sealed class AdminOptions
{
    /// <summary>Fixes the admin key; otherwise one is generated at first start and printed once.</summary>
    public string? Key { get; set; }
}

public sealed class SecurityOptions
{
    /// <summary>Lets callbacks and reference downloads reach private networks: for development and tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Private networks callbacks and downloads may reach even so, in CIDR form (an internal image host, say).</summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>Null if every allowed network parses, otherwise why not.</summary>
    public string? Check() => AllowedNetworks.FirstOrDefault(n => !System.Net.IPNetwork.TryParse(n, out _)) is { } bad
        ? $"Easel:Security:AllowedNetworks: '{bad}' is not a network in CIDR form (like 10.20.0.0/16)"
        : null;

    [Range(1, 1024)]
    public int MaxReferenceMegabytes { get; set; } = 50;
}

public sealed class DispatcherOptions
{
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 16;

    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How many times a task may be claimed (a crash mid-run counts) before it fails with a refund.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 600;

    public string? NodeId { get; set; }
}

public sealed class WebhookOptions
{
    /// <summary>A receiver that has not answered in this time has failed the attempt.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 15;

    private static readonly int[] SpecSchedule = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

    /// <summary>Waits after each failed attempt (SPEC §9: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h); when they run out the delivery has failed.</summary>
    public int[]? RetryDelaysSeconds { get; set; }

    public IReadOnlyList<int> Schedule => RetryDelaysSeconds ?? SpecSchedule;

    /// <summary>How long a rotated-out secret keeps signing beside the new one.</summary>
    [Range(0, 24 * 30)]
    public int SecretGraceHours { get; set; } = 24;

    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Null if the schedule is usable, otherwise why not.</summary>
    public string? Check() => Schedule.Any(d => d < 0) ? "Easel:Webhooks:RetryDelaysSeconds must not be negative" : null;
}

/// <summary>The <c>Easel:Models</c> section.</summary>
public sealed class ModelsOptions
{
    /// <summary>Alias → <c>gpt-image-2</c> or <c>gpt-image-2-edit</c>, beside the shipped ones (<see cref="ModelNames.ShippedAliases"/>); empty removes one.</summary>
    public Dictionary<string, string> Aliases { get; set; } = new(StringComparer.Ordinal);
}
