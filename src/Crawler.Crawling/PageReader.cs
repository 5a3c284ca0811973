using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Reads what a crawl needs from a good answer: an HTML page's links and images, a sitemap's URLs, a robots.txt; other
/// content is not read at all. What a page may cost is bounded whatever it holds: at most <see cref="PageLimits.MaxBytes"/>
/// of it are read (a longer page is parsed as far as that, and said to be truncated), at most
/// <see cref="PageLimits.MaxLinks"/> references kept, its bytes held only within the silo's <see cref="PageBudget"/>, and
/// parsed on the thread pool (never on the caller's scheduler) a few at a time. A body this reader has parsed before
/// (the same bytes under another URL, as traps serve) is recognised by its hash and not parsed again. One reader serves
/// one crawl on one host; thread-safe.
/// </summary>
public sealed class PageReader(PageLimits? limits = null, PageBudget? budget = null) : IResponseReader
{
    public const int DefaultMaxBytes = 2 * 1024 * 1024;

    /// <summary>Pages parsed at once in the process: parsing is CPU work, and a parsed page takes several times its size.</summary>
    private static readonly SemaphoreSlim Parsing = new(Math.Max(1, Environment.ProcessorCount));

    private readonly PageLimits _limits = limits ?? new PageLimits();

    // Hashes of the bodies parsed, to the URL first parsed with each; bounded by the crawl's page budget.
    private readonly ConcurrentDictionary<string, string> _parsed = new(StringComparer.Ordinal);

    public void Prepare(HttpRequestMessage request, NormalizedUrl url)
    {
    }

    public async Task<FetchedContent?> ReadAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (url.Uri.AbsolutePath == "/robots.txt")
        {
            var (bytes, length, _) = await ReadBytesAsync(response, RobotsTxt.MaxSize, cancellationToken);
            try
            {
                return new RobotsFound(RobotsTxt.Parse(Decode(response, bytes, length), url.Uri));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        if (type is "text/html" or "application/xhtml+xml")
        {
            return await ReadPageAsync(response, url, cancellationToken);
        }

        if (type.EndsWith("xml", StringComparison.Ordinal) || type is "application/gzip" or "application/x-gzip")
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var sitemap = await SitemapParser.ParseAsync(body, cancellationToken);
            return sitemap.Kind is SitemapKind.UrlSet or SitemapKind.Index ? new SitemapFound(sitemap) : null;
        }

        return null;
    }

    private async Task<PageFound> ReadPageAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken)
    {
        // Its bytes and its text (two bytes a character) are held at once; a repeat is never decoded.
        var size = Math.Min(_limits.MaxBytes, response.Content.Headers.ContentLength ?? _limits.MaxBytes);
        using var reserved = budget is null ? null : await budget.ReserveAsync(3 * size, cancellationToken);
        var (bytes, length, truncated) = await ReadBytesAsync(response, _limits.MaxBytes, cancellationToken);
        try
        {
            if (truncated)
            {
                CrawlingTelemetry.PagesTruncated.Add(1);
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, length))[..16]);
            if (_limits.SkipRepeats && !_parsed.TryAdd(hash, url.ToString()) && _parsed.TryGetValue(hash, out var first) && first != url.ToString())
            {
                CrawlingTelemetry.PagesRepeated.Add(1);
                return new PageFound(new PageLinks([], [], [], NoFollow: false), hash, truncated, SameAs: first);
            }

            return await ParseAsync(Decode(response, bytes, length), url, hash, truncated, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private async Task<PageFound> ParseAsync(string html, NormalizedUrl url, string hash, bool truncated, CancellationToken cancellationToken)
    {
        await Parsing.WaitAsync(cancellationToken);
        try
        {
            var links = await Task.Run(() => LinkExtractor.Extract(html, url.Uri, _limits.MaxLinks), cancellationToken);
            CrawlingTelemetry.LinksCut.Add(links.Cut);
            return new PageFound(links, hash, truncated);
        }
        finally
        {
            Parsing.Release();
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> bytes of the body, in a pooled buffer the caller returns (a page is read into memory
    /// once, and a repeat never costs a new buffer), how many, and whether the body held more.
    /// </summary>
    private static async Task<(byte[] Bytes, int Length, bool Truncated)> ReadBytesAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var read = 0;
            while (read <= limit && await body.ReadAsync(buffer.AsMemory(read, limit + 1 - read), cancellationToken) is var n and > 0)
            {
                read += n;
            }

            return (buffer, Math.Min(read, limit), read > limit);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static string Decode(HttpResponseMessage response, byte[] bytes, int length)
    {
        var charset = response.Content.Headers.ContentType?.CharSet;
        return (charset is null ? Encoding.UTF8 : SafeEncoding(charset)).GetString(bytes, 0, length);
    }

    private static Encoding SafeEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}

/// <summary>What one page may cost a crawl: bytes read, and references kept (links, images and unfetchable ones each).</summary>
/// <param name="SkipRepeats">Recognise a body parsed before and do not parse it again (a crawl's pages); off when the same
/// page is read again on purpose (for its anchors).</param>
public sealed record PageLimits(int MaxBytes = PageReader.DefaultMaxBytes, int MaxLinks = LinkExtractor.DefaultMaxLinks, bool SkipRepeats = true);

/// <summary>
/// An HTML page's links and images; <paramref name="ContentHash"/> names its body (the bytes read); <paramref name="Truncated"/>:
/// it was longer than the crawl reads; <paramref name="SameAs"/>: the URL whose page had the same body, parsed before (this
/// one was not, and has no links of its own).
/// </summary>
public sealed record PageFound(PageLinks Links, string? ContentHash = null, bool Truncated = false, string? SameAs = null) : FetchedContent;

/// <summary>A sitemap's (or sitemap index's) URLs.</summary>
public sealed record SitemapFound(SitemapContent Sitemap) : FetchedContent;

/// <summary>A host's robots.txt.</summary>
public sealed record RobotsFound(RobotsTxt Robots) : FetchedContent;
