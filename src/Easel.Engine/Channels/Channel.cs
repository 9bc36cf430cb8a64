using Easel.Core;

namespace Easel.Engine.Channels;

/// <summary>One configured upstream at run time: its provider client, breaker and concurrency slots.</summary>
public sealed class Channel(string name, ChannelOptions options, IImageProvider provider, CircuitBreaker breaker) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrency, options.MaxConcurrency);

    public string Name => name;

    public ChannelOptions Options => options;

    public IImageProvider Provider => provider;

    public CircuitBreaker Breaker => breaker;

    public int InFlight => options.MaxConcurrency - _slots.CurrentCount;

    public bool Serves(GenerationModel model) => options.ServedModels.Contains(model);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

/// <summary>The configured upstream channels, and the sandbox that test-mode tasks (and installs with no channel) use.</summary>
public sealed record ChannelSet(IReadOnlyList<Channel> Upstreams, IImageProvider Sandbox);
