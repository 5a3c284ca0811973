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
            var (text, _, _) = await ReadTextAsync(response, RobotsTxt.MaxSize, cancellationToken);
            return new RobotsFound(RobotsTxt.Parse(text, url.Uri));
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
        // Its bytes and its text (two bytes a character) are held at once.
        var size = Math.Min(_limits.MaxBytes, response.Content.Headers.ContentLength ?? _limits.MaxBytes);
        using var reserved = budget is null ? null : await budget.ReserveAsync(3 * size, cancellationToken);
        var (html, hash, truncated) = await ReadTextAsync(response, _limits.MaxBytes, cancellationToken);
        if (truncated)
        {
            CrawlingTelemetry.PagesTruncated.Add(1);
        }

        if (_parsed.TryAdd(hash, url.ToString()) is false && _parsed.TryGetValue(hash, out var first) && first != url.ToString())
        {
            CrawlingTelemetry.PagesRepeated.Add(1);
            return new PageFound(new PageLinks([], [], [], NoFollow: false), hash, truncated, SameAs: first);
        }

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

    /// <summary>Up to <paramref name="limit"/> bytes of the body as text, their hash, and whether the body held more.</summary>
    private static async Task<(string Text, string Hash, bool Truncated)> ReadTextAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(limit, (int)Math.Clamp(response.Content.Headers.ContentLength ?? 64 * 1024, 1, limit))];
        var read = 0;
        while (read < limit && await body.ReadAsync(Grow(ref buffer, read, limit).AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        var truncated = read == limit && await body.ReadAsync(new byte[1], cancellationToken) > 0;
        var charset = response.Content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? Encoding.UTF8 : SafeEncoding(charset);
        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, read))[..16]);
        return (encoding.GetString(buffer, 0, read), hash, truncated);
    }

    private static byte[] Grow(ref byte[] buffer, int used, int limit)
    {
        if (used == buffer.Length && buffer.Length < limit)
        {
            Array.Resize(ref buffer, (int)Math.Min(limit, buffer.Length * 2L));
        }

        return buffer;
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
public sealed record PageLimits(int MaxBytes = PageReader.DefaultMaxBytes, int MaxLinks = LinkExtractor.DefaultMaxLinks);

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
