using Easel.Core;

namespace Easel.Engine;

/// <summary>A read-only stream of bytes already read from <paramref name="rest"/>, then the rest of it.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyForwardStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty)
        {
            return await rest.ReadAsync(buffer, cancellationToken);
        }
        var take = Math.Min(buffer.Length, _prefix.Length);
        _prefix[..take].CopyTo(buffer);
        _prefix = _prefix[take..];
        return take;
    }
}
