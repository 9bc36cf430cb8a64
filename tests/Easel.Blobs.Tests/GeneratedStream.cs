namespace Easel.Blobs.Tests;

/// <summary>
/// A forward-only stream of <paramref name="length"/> pseudo-random bytes made from <paramref name="seed"/> as it is
/// read, so that no test holds the whole content; it reports no length, as a network body does. With
/// <paramref name="failAfter"/> it throws once that many bytes have been read.
/// </summary>
sealed class GeneratedStream(int seed, long length, long failAfter = long.MaxValue) : Stream
{
    readonly Random _random = new(seed);
    long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter)
            throw new IOException("the source failed");
        var count = (int)Math.Min(buffer.Length, Math.Min(length, failAfter) - _position);
        // Few bytes a call, as a network stream gives them, and a fixed sequence whatever the callers' buffer sizes.
        count = Math.Min(count, 16 * 1024);
        for (var i = 0; i < count; i++)
            buffer[i] = (byte)_random.Next(256);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
