using Easel.Core;

namespace Easel.Engine.Channels;

/// <summary>
/// One configured upstream at run time: its provider client and this node's breaker. Its <c>MaxConcurrency</c> slots are
/// rows in the store, shared by every node (<see cref="Easel.Store.ILimitStore.EnterChannelAsync"/>).
/// </summary>
public sealed class Channel(string name, ChannelOptions options, IImageProvider provider, CircuitBreaker breaker)
{
    public string Name => name;

    public ChannelOptions Options => options;

    public IImageProvider Provider => provider;

    public CircuitBreaker Breaker => breaker;

    public bool Serves(GenerationModel model) => options.ServedModels.Contains(model);
}

/// <summary>The configured upstream channels, and the sandbox that test-mode tasks (and installs with no channel) use.</summary>
public sealed record ChannelSet(IReadOnlyList<Channel> Upstreams, IImageProvider Sandbox);
