using System.Buffers;
using System.Security.Cryptography;

namespace Crawler.Downloads;

/// <summary>
/// A download written to a file of the store's partial folder, hashed as it is written (bytes kept from an earlier
/// attempt are hashed once when it is resumed) and moved under its hash by <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class FolderPartialDownload : IPartialDownload
{
    private const int BufferSize = 128 * 1024;

    private readonly FolderContentStore _store;
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly FileStream _file;
    private readonly byte[] _head = new byte[ImageKind.HeadLength];
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _headLength;
    private bool _closed;
    private bool _completed;

    private FolderPartialDownload(FolderContentStore store, string path, long maxBytes, FileStream file)
    {
        _store = store;
        _path = path;
        _maxBytes = maxBytes;
        _file = file;
    }

    public long Length { get; private set; }

    public static async Task<FolderPartialDownload> OpenAsync(FolderContentStore store, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        var download = new FolderPartialDownload(store, path, maxBytes, file);
        try
        {
            if (file.Length > maxBytes)
            {
                file.SetLength(0);
            }

            await download.TakeInAsync(file, long.MaxValue, write: false, cancellationToken);
            return download;
        }
        catch
        {
            await download.DisposeAsync();
            throw;
        }
    }

    public async Task AppendAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        try
        {
            await TakeInAsync(content, _maxBytes, write: true, cancellationToken);
        }
        catch (ContentRejectedException)
        {
            await DiscardAsync();
            throw;
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _file.SetLength(0);
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _headLength = 0;
        Length = 0;
        await Task.CompletedTask;
    }

    public async Task<StoredContent> CompleteAsync(string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (expectedSha256 is not null && !sha256.Equals(expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            await DiscardAsync();
            throw new ContentRejectedException(ContentRejection.HashMismatch, $"the content's SHA-256 is {sha256}, not {expectedSha256.ToLowerInvariant()}");
        }

        try
        {
            await _file.FlushAsync(cancellationToken);
            if (_store.FlushToDisk)
            {
                // fsync holds its thread for as long as the disk takes. On a thread of its own it cannot starve the
                // thread pool that runs the silo's grains and requests: sixteen downloads finishing together would
                // otherwise hold sixteen pool threads, and the pool adds threads only slowly.
                await Task.Factory.StartNew(() => _file.Flush(flushToDisk: true), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            await CloseAsync();
            var type = ImageKind.Sniff(_head.AsSpan(0, _headLength));
            var (path, alreadyStored) = _store.Publish(_path, sha256, type);
            _completed = true;
            return new StoredContent(sha256, Length, type, path, alreadyStored);
        }
        catch
        {
            await DiscardAsync();
            throw;
        }
    }

    public async ValueTask DiscardAsync()
    {
        await CloseAsync();
        if (!_completed)
        {
            File.Delete(_path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            // A write that failed half-way may have put bytes past those hashed: they go, to be asked for again.
            _file.SetLength(Length);
        }

        await CloseAsync();
    }

    private async ValueTask CloseAsync()
    {
        if (!_closed)
        {
            _closed = true;
            _hash.Dispose();
            await _file.DisposeAsync();
        }
    }

    /// <summary>Hashes what <paramref name="source"/> holds, writing it to the file too when it comes from elsewhere.</summary>
    private async Task TakeInAsync(Stream source, long limit, bool write, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                if (Length + read > limit)
                {
                    throw new ContentRejectedException(ContentRejection.TooLarge, $"more than {limit:N0} bytes");
                }

                if (write)
                {
                    await _file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                _hash.AppendData(buffer, 0, read);
                var forHead = Math.Min(read, _head.Length - _headLength);
                buffer.AsSpan(0, forHead).CopyTo(_head.AsSpan(_headLength));
                _headLength += forHead;
                Length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
