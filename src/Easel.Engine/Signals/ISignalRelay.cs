namespace Easel.Engine.Signals;

public enum SignalKind
{
    WorkAvailable,
    TaskChanged,
    TaskEnded,
    CancelRequested,
    KeyChanged,
    AccountKeysChanged,
}

/// <summary>One piece of news for the other nodes; <see cref="Id"/> is the task, key or account it is about (empty for work).</summary>
public sealed record Signal(SignalKind Kind, string Id);

/// <summary>Carries signals between the nodes of a cluster: what this node sends reaches every other node's <see cref="Received"/>.</summary>
public interface ISignalRelay
{
    /// <summary>Sends without waiting; a signal that cannot be sent is dropped (receivers poll as well).</summary>
    void Send(Signal signal);

    event Action<Signal>? Received;
}

/// <summary>A single node has no one to tell.</summary>
public sealed class NoRelay : ISignalRelay
{
    public void Send(Signal signal)
    {
    }

    public event Action<Signal>? Received
    {
        add { }
        remove { }
    }
}
