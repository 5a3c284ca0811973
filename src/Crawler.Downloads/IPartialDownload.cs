namespace Crawler.Downloads;

/// <summary>
/// A download being written, that may be cut and resumed. Disposing it without <see cref="CompleteAsync"/> keeps the
/// bytes so far for the next <see cref="IContentStore.BeginAsync"/> of the same key.
/// </summary>
public interface IPartialDownload : IAsyncDisposable
{
    /// <summary>The bytes held so far.</summary>
    long Length { get; }

    /// <summary>
    /// Appends <paramref name="content"/> to its end. If it breaks off, what arrived is kept. More than the limit in all
    /// throws <see cref="ContentRejectedException"/> and drops the download.
    /// </summary>
    Task AppendAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>Starts over from nothing, for a server that answered a range request with the whole content.</summary>
    Task ResetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies the whole (against <paramref name="expectedSha256"/> when given), tells its type and moves it under its
    /// hash; the partial download is then gone.
    /// </summary>
    Task<StoredContent> CompleteAsync(string? expectedSha256 = null, CancellationToken cancellationToken = default);

    /// <summary>Drops the download and its bytes.</summary>
    ValueTask DiscardAsync();
}
