namespace Crawler.Probing;

/// <summary>
/// How fast a body that is read (a page, a download) must come: after <see cref="Grace"/> its average rate must stay at
/// least <see cref="MinBytesPerSecond"/>, and no wait for the next bytes may last longer than <see cref="Idle"/>. A server
/// that drips its body therefore gives up its request slot in seconds, not at the end of the attempt's timeout.
/// </summary>
public sealed record BodyPace
{
    public int MinBytesPerSecond { get; init; } = 1024;

    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(5);

    public static BodyPace Default { get; } = new();
}

/// <summary>A too slow body: the attempt fails as a broken body (<see cref="ProbeOutcome.Connection"/>), with the reason.</summary>
public sealed class SlowBodyException(string message) : IOException(message);

/// <summary>A response body held to a <see cref="BodyPace"/>; reads fail with <see cref="SlowBodyException"/> when it lags.</summary>
internal sealed class PacedStream(Stream inner, BodyPace pace, TimeProvider time) : Stream
{
    private readonly long _started = time.GetTimestamp();
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(pace.Idle);
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlowBodyException($"no byte of the body for {pace.Idle.TotalSeconds:0.#} s (after {_read} bytes)");
        }

        _read += n;
        var elapsed = time.GetElapsedTime(_started);
        if (n > 0 && elapsed > pace.Grace && _read / elapsed.TotalSeconds < pace.MinBytesPerSecond)
        {
            throw new SlowBodyException(
                $"the body came at {_read / elapsed.TotalSeconds:0} bytes/s, under the least accepted {pace.MinBytesPerSecond} bytes/s");
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read bodies asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A response's content whose stream is paced (<see cref="PacedStream"/>); headers are the original's.</summary>
internal sealed class PacedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly BodyPace _pace;
    private readonly TimeProvider _time;

    public PacedContent(HttpContent inner, BodyPace pace, TimeProvider time)
    {
        _inner = inner;
        _pace = pace;
        _time = time;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new PacedStream(await _inner.ReadAsStreamAsync(cancellationToken), _pace, _time);

    protected override async Task<Stream> CreateContentReadStreamAsync() => new PacedStream(await _inner.ReadAsStreamAsync(), _pace, _time);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        await using var paced = await CreateContentReadStreamAsync(cancellationToken);
        await paced.CopyToAsync(stream, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
