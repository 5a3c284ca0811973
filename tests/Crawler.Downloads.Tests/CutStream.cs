namespace Crawler.Downloads.Tests;

/// <summary>A response body that delivers its bytes and then breaks, as a connection cut half-way does.</summary>
internal sealed class CutStream(byte[] bytes) : MemoryStream(bytes)
{
    public override int Read(byte[] buffer, int offset, int count) => Cut(base.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Cut(base.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    private static int Cut(int read) => read > 0 ? read : throw new IOException("connection reset by peer");
}
