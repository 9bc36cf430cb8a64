using Easel.Core;
namespace Easel.Engine.Tests.Support;

/// <summary>A channel's provider that answers as the test says and remembers every call (for tests of the router, not of a provider).</summary>
public sealed class ScriptedProvider(string name, Func<ProviderJob, Task<ProviderOutcome>> answer) : IImageProvider
{
    private readonly List<ProviderJob> _calls = [];

    public ScriptedProvider(string name, ProviderOutcome outcome)
        : this(name, _ => Task.FromResult(outcome))
    {
    }

    public static ProviderOutcome.Succeeded Success { get; } = new([], Quality.Medium);

    public static ProviderOutcome.Failed ServerError { get; } = new("HTTP 503", FailureCode.UpstreamFailed, Retryable: true);

    public string Name => name;

    public string? CannotServeReason { get; init; }

    public IReadOnlyList<ProviderJob> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public string? CannotServe(GenerationRequest request) => CannotServeReason;

    public Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(job);
        }
        return answer(job);
    }
}
