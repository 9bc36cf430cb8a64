using System.ComponentModel.DataAnnotations;

namespace Easel.Providers.Sandbox;

/// <summary>The <c>Easel:Sandbox</c> knobs: simulated latency and failure rate.</summary>
public sealed class SandboxOptions
{
    [Range(0, 600_000)]
    public int LatencyMs { get; set; }

    [Range(0.0, 1.0)]
    public double FailureRate { get; set; }
}
