using System.Text;

namespace Crawler.Formats.Tests;

/// <summary>
/// An output like an HTTP response body: write-only, and synchronous writes and flushes throw. What it holds so
/// far can be read from another thread while it is being written.
/// </summary>
internal sealed class AsyncOnlyStream : Stream
{
    private readonly MemoryStream _content = new();
    private readonly Lock _lock = new();

    public byte[] Bytes
    {
        get
        {
            lock (_lock)
            {
                return _content.ToArray();
            }
        }
    }

    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>Waits until the content holds <paramref name="value"/>; throws if it does not within <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string value, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Text.Contains(value, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{value}' did not reach the stream within {timeout}; it holds: {Text}");
            }

            await Task.Delay(10);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _content.Write(buffer.Span);
        }

        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => throw SynchronousIo();

    public override void Write(ReadOnlySpan<byte> buffer) => throw SynchronousIo();

    public override void WriteByte(byte value) => throw SynchronousIo();

    public override void Flush() => throw SynchronousIo();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static InvalidOperationException SynchronousIo() =>
        new("Synchronous operations are disallowed, as on an HTTP response body.");
}
