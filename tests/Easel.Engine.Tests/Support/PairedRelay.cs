using Easel.Engine.Signals;

namespace Easel.Engine.Tests.Support;

/// <summary>Two nodes' relays joined back to back: what one sends, the other receives at once (LISTEN/NOTIFY without the database).</summary>
public sealed class PairedRelay : ISignalRelay
{
    private PairedRelay? _peer;

    public event Action<Signal>? Received;

    public static (PairedRelay, PairedRelay) Create()
    {
        var (a, b) = (new PairedRelay(), new PairedRelay());
        (a._peer, b._peer) = (b, a);
        return (a, b);
    }

    public void Send(Signal signal) => _peer!.Received?.Invoke(signal);
}
