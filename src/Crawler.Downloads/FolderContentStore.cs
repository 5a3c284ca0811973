using System.Security.Cryptography;
using System.Text;

namespace Crawler.Downloads;

/// <summary>
/// A content store in a folder: content at <c>{root}/{hh}/{sha256}{extension}</c> (<c>hh</c> the hash's first two hex
/// digits, the extension that of the type its bytes show, <c>.bin</c> for other content), downloads in progress in
/// <c>{root}/.partial</c> (on the same file system, so that finishing one is an atomic rename that never replaces a
/// file). Files are flushed to disk before they are named, unless <paramref name="flushToDisk"/> is false.
/// </summary>
public sealed class FolderContentStore(string root, bool flushToDisk = true) : IContentStore
{
    private const string UnknownExtension = ".bin";

    private static readonly Lock[] PublishLocks = [.. Enumerable.Range(0, 32).Select(_ => new Lock())];

    public string Root { get; } = Path.GetFullPath(root);

    internal bool FlushToDisk { get; } = flushToDisk;

    private string PartialFolder => Directory.CreateDirectory(Path.Combine(Root, ".partial")).FullName;

    public async Task<StoredContent> StoreAsync(Stream content, long maxBytes, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (expectedSha256 is not null && PathOf(expectedSha256) is { } existing)
        {
            Touch(existing);
            return Describe(expectedSha256.ToLowerInvariant(), existing);
        }

        var path = Path.Combine(PartialFolder, $"{Guid.NewGuid():N}.tmp");
        // A new, empty file: nothing to read, and nothing to leave behind if cancelled while opening.
        await using var download = await FolderPartialDownload.OpenAsync(this, path, maxBytes, CancellationToken.None);
        try
        {
            await download.AppendAsync(content, cancellationToken);
            return await download.CompleteAsync(expectedSha256, cancellationToken);
        }
        catch
        {
            await download.DiscardAsync();
            throw;
        }
    }

    public async Task<IPartialDownload> BeginAsync(string key, long maxBytes, CancellationToken cancellationToken = default) =>
        await FolderPartialDownload.OpenAsync(this, PartialPath(key), maxBytes, cancellationToken);

    public long PartialLength(string key)
    {
        var file = new FileInfo(PartialPath(key));
        return file.Exists ? file.Length : 0;
    }

    public bool Exists(string sha256) => PathOf(sha256) is not null;

    public string? PathOf(string sha256)
    {
        var hash = Checked(sha256);
        var folder = Path.Combine(Root, hash[..2]);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, hash + ".*").FirstOrDefault() : null;
    }

    private string PartialPath(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(PartialFolder, $"{name}.part");
    }

    /// <summary>
    /// Moves a complete, verified file under its hash, or drops it when those bytes are there already. File.Move that
    /// refuses to replace is not atomic on Linux (two racing writers both succeed), so writers in this process take
    /// turns per hash; a writer in another process sharing the folder may still replace the file with the very same
    /// bytes, atomically, and both then report it new.
    /// </summary>
    internal (string Path, bool AlreadyStored) Publish(string completed, string sha256, ImageType? type)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, sha256[..2])).FullName;
        var final = Path.Combine(folder, sha256 + (type?.FileExtension() ?? UnknownExtension));
        lock (PublishLocks[Convert.ToByte(sha256[..2], 16) % PublishLocks.Length])
        {
            if (File.Exists(final))
            {
                File.Delete(completed);
                Touch(final); // found again: a sweep must leave it until the result that names it is recorded
                return (final, true);
            }

            File.Move(completed, final, overwrite: true);
            return (final, false);
        }
    }

    public ContentSweep DeleteUnreferenced(Func<string, bool> isReferenced, DateTime untouchedSince)
    {
        int kept = 0, deleted = 0;
        long freed = 0;
        foreach (var folder in Directory.Exists(Root) ? Directory.EnumerateDirectories(Root, "??") : [])
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                var sha256 = Path.GetFileNameWithoutExtension(file.Name);
                if (sha256.Length != 64 || isReferenced(sha256))
                {
                    kept++;
                    continue;
                }

                // Under the hash's publish lock: a writer storing these very bytes now either touched the file before (and it
                // stays) or finds it gone and stores it again.
                lock (PublishLocks[Convert.ToByte(sha256[..2], 16) % PublishLocks.Length])
                {
                    file.Refresh();
                    if (file.Exists && file.LastWriteTimeUtc < untouchedSince)
                    {
                        freed += file.Length;
                        file.Delete();
                        deleted++;
                    }
                    else
                    {
                        kept++;
                    }
                }
            }
        }

        return new ContentSweep(kept, deleted, freed);
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Gone or busy: a sweep that took it makes the next download store it again.
        }
    }

    private static StoredContent Describe(string sha256, string path)
    {
        Span<byte> head = stackalloc byte[ImageKind.HeadLength];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return new StoredContent(sha256, file.Length, ImageKind.Sniff(head[..read]), path, AlreadyStored: true);
    }

    private static string Checked(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("not a SHA-256 in hex", nameof(sha256));
        }

        return sha256.ToLowerInvariant();
    }
}
