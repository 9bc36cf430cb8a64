using System.ComponentModel.DataAnnotations;
using Easel.Core;

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

    /// <summary>Which loops this node runs: <c>api</c>, <c>worker</c>, or both.</summary>
    public string[] Roles { get; set; } = ["api", "worker"];

    /// <summary>The largest multipart upload (all its images together) an edit may send.</summary>
    [Range(1, 1024)]
    public int MaxUploadMegabytes { get; set; } = 50;

    public AdminOptions Admin { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public DispatcherOptions Engine { get; set; } = new();

    public PriceTable Prices { get; set; } = new();

    public bool RunsWorker => Roles.Contains("worker", StringComparer.OrdinalIgnoreCase);
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
