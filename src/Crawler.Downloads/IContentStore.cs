namespace Crawler.Downloads;

/// <summary>
/// Content-addressed storage: content is named by the SHA-256 of its bytes, so the same bytes found under many URLs
/// are kept once, and a name, once there, always holds complete, verified content.
/// </summary>
public interface IContentStore
{
    /// <summary>
    /// Stores <paramref name="content"/> read to its end. Throws <see cref="ContentRejectedException"/> when more than
    /// <paramref name="maxBytes"/> arrive or the bytes do not hash to <paramref name="expectedSha256"/>; content that is
    /// rejected, cut or cancelled leaves nothing behind.
    /// </summary>
    Task<StoredContent> StoreAsync(Stream content, long maxBytes, string? expectedSha256 = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts or resumes the download known by <paramref name="key"/> (its URL, say): bytes kept from an earlier,
    /// cut attempt are counted in <see cref="IPartialDownload.Length"/>, to be asked for again from there with
    /// <c>Range: bytes=Length-</c>. One writer per key at a time: a second one gets an <see cref="IOException"/>.
    /// </summary>
    Task<IPartialDownload> BeginAsync(string key, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many bytes of the download known by <paramref name="key"/> are kept from an earlier attempt (0: none), to
    /// ask for the rest before opening it with <see cref="BeginAsync"/>.
    /// </summary>
    long PartialLength(string key);

    bool Exists(string sha256);

    /// <summary>Where the content of that hash is, or null when it is not stored.</summary>
    string? PathOf(string sha256);

    /// <summary>
    /// Deletes the content no one refers to (<paramref name="isReferenced"/> says no) that was not stored or found again
    /// since <paramref name="untouchedSince"/>: a download whose result is not recorded yet is that recent. Blocking file
    /// I/O: call it off any scheduler that must stay free.
    /// </summary>
    ContentSweep DeleteUnreferenced(Func<string, bool> isReferenced, DateTime untouchedSince);
}

/// <summary>What a sweep of the content store found and removed.</summary>
public sealed record ContentSweep(int Kept, int Deleted, long BytesFreed);
