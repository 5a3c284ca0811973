using System.Text;
using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Reads what a crawl needs from a good answer: an HTML page's links and images (parsed on the thread pool, not on
/// the caller's scheduler), a sitemap's URLs, a robots.txt. At most <paramref name="maxBytes"/> of a page are read
/// (a longer page is parsed as far as that); other content is not read at all.
/// </summary>
public sealed class PageReader(int maxBytes = PageReader.DefaultMaxBytes) : IResponseReader
{
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    public void Prepare(HttpRequestMessage request, NormalizedUrl url)
    {
    }

    public async Task<FetchedContent?> ReadAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (url.Uri.AbsolutePath == "/robots.txt")
        {
            var text = await ReadTextAsync(response, RobotsTxt.MaxSize, cancellationToken);
            return new RobotsFound(RobotsTxt.Parse(text, url.Uri));
        }

        if (type is "text/html" or "application/xhtml+xml")
        {
            var html = await ReadTextAsync(response, maxBytes, cancellationToken);
            return new PageFound(await Task.Run(() => LinkExtractor.Extract(html, url.Uri), cancellationToken));
        }

        if (type.EndsWith("xml", StringComparison.Ordinal) || type is "application/gzip" or "application/x-gzip")
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var sitemap = await SitemapParser.ParseAsync(body, cancellationToken);
            return sitemap.Kind is SitemapKind.UrlSet or SitemapKind.Index ? new SitemapFound(sitemap) : null;
        }

        return null;
    }

    private static async Task<string> ReadTextAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(limit, (int)Math.Clamp(response.Content.Headers.ContentLength ?? 64 * 1024, 1, limit))];
        var read = 0;
        while (read < limit && await body.ReadAsync(Grow(ref buffer, read, limit).AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        var charset = response.Content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? Encoding.UTF8 : SafeEncoding(charset);
        return encoding.GetString(buffer, 0, read);
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

/// <summary>An HTML page's links and images.</summary>
public sealed record PageFound(PageLinks Links) : FetchedContent;

/// <summary>A sitemap's (or sitemap index's) URLs.</summary>
public sealed record SitemapFound(SitemapContent Sitemap) : FetchedContent;

/// <summary>A host's robots.txt.</summary>
public sealed record RobotsFound(RobotsTxt Robots) : FetchedContent;
