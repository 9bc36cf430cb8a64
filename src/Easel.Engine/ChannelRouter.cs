using Easel.Core;
using Easel.Store;

namespace Easel.Engine;

/// <summary>Chooses the provider for a task. Test-mode tasks, and installs with no upstream channel, use the sandbox.</summary>
public sealed class ChannelRouter(SandboxChannel sandbox)
{
    public IImageProvider Route(TaskRecord task) => sandbox.Provider;

    public string? CannotServe(GenerationRequest request, Caller caller) => sandbox.Provider.CannotServe(request);
}

/// <summary>The built-in offline provider, registered by the host.</summary>
public sealed record SandboxChannel(IImageProvider Provider);
