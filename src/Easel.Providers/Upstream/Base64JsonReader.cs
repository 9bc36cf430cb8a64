using System.Buffers;
using System.Buffers.Text;

namespace Easel.Providers.Upstream;

/// <summary>
/// Reads a JSON answer whose image fields (<c>b64_json</c>, <c>b64</c>…) hold base64 images of many megabytes, without holding
/// them: each such string is handed out as a stream of decoded bytes while it is read, and left empty (<c>""</c>) in the
/// rest of the document, which is kept (small) to be parsed afterwards with the upstream's ordinary wire types.
/// </summary>
public sealed class Base64JsonReader(Stream source, IReadOnlyList<string> imageFields, int maxRestBytes = 1024 * 1024)
{
    private const int BufferBytes = 64 * 1024;
    private readonly byte[][] _fields = imageFields.Select(f => System.Text.Encoding.UTF8.GetBytes(f)).ToArray();
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly ArrayBufferWriter<byte> _rest = new(4096);
    private int _start;
    private int _end;
    private bool _sourceDone;
    private bool _inString;
    private bool _escaped;
    private int _stringStart = -1;
    private bool _afterImageKey;
    /// <summary>Reads the rest of the image value handed out last, if its reader stopped early.</summary>
    private Func<CancellationToken, Task>? _drainCurrent;

    /// <summary>The document so far, with every image field's value emptied.</summary>
    public ReadOnlyMemory<byte> Rest => _rest.WrittenMemory;

    /// <summary>Reads on to the next image field's value and returns it as a stream; null at the end of the document.</summary>
    public async ValueTask<Stream?> NextImageAsync(CancellationToken ct)
    {
        if (_drainCurrent is not null)
        {
            await _drainCurrent(ct);
            _drainCurrent = null;
            Append((byte)'"');
        }
        while (true)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                return null;
            }
            var b = _buffer[_start++];
            if (!_inString && b == '"' && _afterImageKey)
            {
                _afterImageKey = false;
                Append(b);
                var image = new ImageValueStream(this);
                _drainCurrent = token => image.CopyToAsync(Stream.Null, token);
                return image;
            }
            Append(b);
            Lex(b);
        }
    }

    /// <summary>Tracks strings and keys outside image values, to spot the next <c>"field":</c> that opens one.</summary>
    private void Lex(byte b)
    {
        if (_inString)
        {
            if (_escaped)
            {
                _escaped = false;
            }
            else if (b == '\\')
            {
                _escaped = true;
            }
            else if (b == '"')
            {
                _inString = false;
            }
            return;
        }
        switch (b)
        {
            case (byte)'"':
                _inString = true;
                _stringStart = _rest.WrittenCount;
                break;
            case (byte)':':
                _afterImageKey = _stringStart >= 0 && IsImageField(_rest.WrittenSpan[_stringStart..^1]);
                _stringStart = -1;
                break;
            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                break;
            default:
                _afterImageKey = false;
                _stringStart = -1;
                break;
        }
    }

    private bool IsImageField(ReadOnlySpan<byte> key)
    {
        // The key ends with its closing quote, then maybe whitespace, then the colon just appended.
        key = key.TrimEnd(" \t\r\n"u8);
        if (key.Length == 0 || key[^1] != '"')
        {
            return false;
        }
        key = key[..^1];
        foreach (var field in _fields)
        {
            if (key.SequenceEqual(field))
            {
                return true;
            }
        }
        return false;
    }

    private void Append(byte b)
    {
        if (_rest.WrittenCount >= maxRestBytes)
        {
            throw new InvalidDataException($"the answer's non-image part is larger than {maxRestBytes} bytes");
        }
        _rest.GetSpan(1)[0] = b;
        _rest.Advance(1);
    }

    /// <summary>Makes at least <paramref name="count"/> unread bytes available if the source has them.</summary>
    private async ValueTask<bool> EnsureAsync(int count, CancellationToken ct)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync(ct))
            {
                return false;
            }
        }
        return true;
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_sourceDone)
        {
            return false;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }
        var read = await source.ReadAsync(_buffer.AsMemory(_end), ct);
        _end += read;
        _sourceDone = read == 0;
        return read > 0;
    }

    /// <summary>The decoded bytes of one JSON string of base64, read from the document as the consumer asks for them.</summary>
    private sealed class ImageValueStream(Base64JsonReader owner) : Core.ReadOnlyForwardStream
    {
        private readonly byte[] _chars = new byte[BufferBytes];
        private readonly byte[] _decoded = new byte[BufferBytes / 4 * 3];
        private int _charCount;
        private int _decodedStart;
        private int _decodedEnd;
        private bool _ended;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_decodedStart == _decodedEnd)
            {
                if (_ended)
                {
                    return 0;
                }
                await DecodeMoreAsync(cancellationToken);
            }
            var take = Math.Min(buffer.Length, _decodedEnd - _decodedStart);
            _decoded.AsMemory(_decodedStart, take).CopyTo(buffer);
            _decodedStart += take;
            return take;
        }

        /// <summary>Gathers base64 characters (JSON escapes undone) up to the string's end or a full buffer, and decodes them.</summary>
        private async ValueTask DecodeMoreAsync(CancellationToken ct)
        {
            while (_charCount < _chars.Length - 4 && !_ended)
            {
                if (!await owner.EnsureAsync(1, ct))
                {
                    throw new InvalidDataException("the answer ends inside an image string");
                }
                var span = owner._buffer.AsSpan(owner._start, owner._end - owner._start);
                var plain = span.IndexOfAny((byte)'"', (byte)'\\');
                var run = Math.Min(plain < 0 ? span.Length : plain, _chars.Length - 4 - _charCount);
                span[..run].CopyTo(_chars.AsSpan(_charCount));
                _charCount += run;
                owner._start += run;
                if (run == 0 && plain == 0)
                {
                    await TakeSpecialAsync(ct);
                }
            }
            // Until the string ends, the last whole block waits: it may hold padding, which only a final block may.
            var whole = _ended ? _charCount : Math.Max(0, (_charCount / 4 - 1) * 4);
            if (_ended && whole % 4 != 0)
            {
                // Unpadded base64: pad it.
                var pad = 4 - whole % 4;
                _chars.AsSpan(whole, pad).Fill((byte)'=');
                whole += pad;
            }
            var status = Base64.DecodeFromUtf8(_chars.AsSpan(0, whole), _decoded, out var consumed, out var written, isFinalBlock: _ended);
            if (status != System.Buffers.OperationStatus.Done && status != System.Buffers.OperationStatus.NeedMoreData)
            {
                throw new InvalidDataException("an image string is not valid base64");
            }
            _chars.AsSpan(consumed, _charCount - Math.Min(consumed, _charCount)).CopyTo(_chars);
            _charCount -= Math.Min(consumed, _charCount);
            (_decodedStart, _decodedEnd) = (0, written);
        }

        /// <summary>The string's closing quote, or one escape: <c>\/</c>, <c>\uXXXX</c> (some encoders write <c>+</c> so), or a line break.</summary>
        private async ValueTask TakeSpecialAsync(CancellationToken ct)
        {
            var buffer = owner._buffer;
            if (buffer[owner._start] == '"')
            {
                owner._start++;
                _ended = true;
                return;
            }
            if (!await owner.EnsureAsync(2, ct))
            {
                throw new InvalidDataException("the answer ends inside an escape");
            }
            buffer = owner._buffer;
            switch (buffer[owner._start + 1])
            {
                case (byte)'/':
                    _chars[_charCount++] = (byte)'/';
                    owner._start += 2;
                    break;
                case (byte)'n' or (byte)'r':
                    owner._start += 2;
                    break;
                case (byte)'u':
                    if (!await owner.EnsureAsync(6, ct)
                        || !int.TryParse(owner._buffer.AsSpan(owner._start + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code)
                        || code > 0x7F)
                    {
                        throw new InvalidDataException("an image string holds an escape that is not base64");
                    }
                    _chars[_charCount++] = (byte)code;
                    owner._start += 6;
                    break;
                default:
                    throw new InvalidDataException("an image string holds an escape that is not base64");
            }
        }
    }
}
