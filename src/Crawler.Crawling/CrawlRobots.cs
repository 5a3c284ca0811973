using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// The robots.txt of every site (scheme, host and port) a crawl visits, when it obeys them: which URLs must wait for
/// their site's robots.txt, which it forbids, and the Crawl-delay it asks for. Not thread-safe: one grain uses it.
/// </summary>
public sealed class CrawlRobots(bool obey, string userAgent)
{
    private readonly Dictionary<string, RobotsTxt> _sites = new(StringComparer.Ordinal);

    /// <summary>Whether the robots.txt of the URL's site must be fetched before it: robots are obeyed and it is not known.</summary>
    public bool Needs(NormalizedUrl url) => obey && !_sites.ContainsKey(Site(url));

    public void Set(NormalizedUrl url, RobotsTxt robots) => _sites[Site(url)] = robots;

    /// <summary>The robots.txt that governs the URL.</summary>
    public static NormalizedUrl UrlFor(NormalizedUrl url) => NormalizedUrl.From(new Uri($"{Site(url)}/robots.txt"));

    /// <summary>Why robots.txt forbids the URL, or null when it may be fetched.</summary>
    public string? Forbids(NormalizedUrl url) =>
        obey && _sites.TryGetValue(Site(url), out var robots) && !robots.IsAllowed(userAgent, url.Uri)
            ? $"disallowed by {Site(url)}/robots.txt"
            : null;

    /// <summary>The pause the URL's robots.txt asks for between requests, if any.</summary>
    public TimeSpan? CrawlDelay(NormalizedUrl url) =>
        obey && _sites.TryGetValue(Site(url), out var robots) ? robots.CrawlDelay(userAgent) : null;

    private static string Site(NormalizedUrl url) => url.Uri.GetLeftPart(UriPartial.Authority);
}
