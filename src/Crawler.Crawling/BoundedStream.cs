namespace Crawler.Crawling;

/// <summary>
/// A read-only view of a stream that first gives back bytes already taken from it (<paramref name="prefix"/>, for
/// peeking at a non-seekable stream) and ends after <paramref name="limit"/> bytes in all, noting that there were more.
/// </summary>
internal sealed class BoundedStream(Stream inner, long limit, ReadOnlyMemory<byte> prefix = default) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _position;

    /// <summary>True when the inner stream held more than the limit.</summary>
    public bool Exceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!TryTakePrefix(buffer, out var taken))
        {
            return taken;
        }

        var room = Room(buffer.Length);
        return room < 0 ? 0 : Count(inner.Read(buffer[..room]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!TryTakePrefix(buffer.Span, out var taken))
        {
            return taken;
        }

        var room = Room(buffer.Length);
        return room < 0 ? 0 : Count(await inner.ReadAsync(buffer[..room], cancellationToken));
    }

    /// <summary>False, with the count, when the read was answered from the prefix.</summary>
    private bool TryTakePrefix(Span<byte> buffer, out int taken)
    {
        taken = Math.Min(_prefix.Length, buffer.Length);
        if (taken == 0 && _prefix.Length == 0)
        {
            return true;
        }

        _prefix.Span[..taken].CopyTo(buffer);
        _prefix = _prefix[taken..];
        _position += taken;
        return false;
    }

    /// <summary>How much to ask for: one byte past the limit, to learn whether there is more; -1 once past it.</summary>
    private int Room(int wanted)
    {
        var left = limit - _position;
        return left < 0 ? -1 : (int)Math.Min(wanted, left < long.MaxValue ? left + 1 : left);
    }

    private int Count(int read)
    {
        _position += read;
        if (_position <= limit)
        {
            return read;
        }

        Exceeded = true;
        return read - (int)(_position - limit);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
