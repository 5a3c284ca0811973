using System.Net;
using System.Net.Http.Headers;
using Crawler.Probing;

namespace Crawler.Downloads;

/// <summary>
/// Keeps the body of a good answer in a content store, named by its SHA-256. A body cut off on an earlier attempt
/// is kept, and the next attempt asks only for the rest (<c>Range: bytes=N-</c>); a server that answers with the
/// whole body instead starts it over. More than <paramref name="maxBytes"/> is refused, and nothing of it kept.
/// The body is read, hashed and written on the thread pool, never on the caller's scheduler (a grain's): the store's
/// file operations block (creating, renaming, fsync), and a grain's thread must not wait on a disk. As many run at once
/// as the silo has requests in flight.
/// </summary>
public sealed class DownloadReader(IContentStore store, long maxBytes) : IResponseReader
{
    public void Prepare(HttpRequestMessage request, NormalizedUrl url)
    {
        if (store.PartialLength(url.ToString()) is var kept and > 0)
        {
            request.Headers.Range = new RangeHeaderValue(kept, null);
        }
    }

    public Task<FetchedContent?> ReadAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken) =>
        Task.Run(() => StoreAsync(response, url, cancellationToken), cancellationToken);

    private async Task<FetchedContent?> StoreAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken)
    {
        await using var download = await store.BeginAsync(url.ToString(), maxBytes, cancellationToken);
        var resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From != download.Length)
        {
            await download.DiscardAsync();
            throw new IOException("the server sent another part than the one asked for; the download starts over");
        }

        if (!resumed && download.Length > 0)
        {
            await download.ResetAsync(cancellationToken);
        }

        if (response.Content.Headers.ContentLength is { } length && download.Length + length > maxBytes)
        {
            await download.DiscardAsync();
            throw new BodyRejectedException($"the body is {download.Length + length} bytes, more than the {maxBytes} allowed");
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await download.AppendAsync(body, cancellationToken);
            var stored = await download.CompleteAsync(cancellationToken: cancellationToken);
            return new DownloadedContent(stored, response.Content.Headers.ContentType?.MediaType, resumed);
        }
        catch (ContentRejectedException ex)
        {
            throw new BodyRejectedException(ex.Message, ex);
        }
    }
}

/// <summary>What a <see cref="DownloadReader"/> kept: the stored content, the type the server declared, and whether it was resumed.</summary>
public sealed record DownloadedContent(StoredContent Stored, string? DeclaredType, bool Resumed) : FetchedContent;
