using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Decides which URLs a crawl visits: each once (by its normalised form), within the scope and the filter, at most
/// <paramref name="maxDepth"/> links from a seed and <paramref name="maxPages"/> in all, and — when robots are obeyed —
/// only where the host's robots.txt allows. Hosts whose robots.txt is not known yet hold their URLs until it is.
/// Not thread-safe: one grain uses it.
/// </summary>
public sealed class CrawlFrontier(CrawlScope scope, int maxDepth, int maxPages, bool obeyRobots, string userAgent)
{
    // Every URL held, with the fewest links from a seed it was found at.
    private readonly Dictionary<UInt128, int> _seen = [];
    private readonly HashSet<UInt128> _images = [];
    private readonly Dictionary<string, RobotsTxt> _robots = new(StringComparer.Ordinal);

    /// <summary>Counts a URL the crawl holds already (a seed, or one found before a restart) at the depth it was found.</summary>
    public void Remember(NormalizedUrl url, int depth) => Remember(UrlTriage.KeyOf(url), depth);

    /// <summary>Counts a URL (by its <see cref="UrlTriage.Key"/>) the crawl holds, found at <paramref name="depth"/>.</summary>
    public void Remember(UInt128 key, int depth)
    {
        if (!_seen.TryGetValue(key, out var known) || depth < known)
        {
            _seen[key] = depth;
        }
    }

    /// <summary>
    /// Offers a link found at <paramref name="depth"/>: <see cref="Admission.New"/> if the crawl should fetch it (new,
    /// in scope, not too deep, within the page budget), <see cref="Admission.Nearer"/> if it is held already but was
    /// found farther from a seed before (its own links may reach further now), else <see cref="Admission.No"/>.
    /// </summary>
    public Admission Offer(NormalizedUrl url, int depth)
    {
        if (depth > maxDepth)
        {
            return Admission.No;
        }

        var key = UrlTriage.KeyOf(url);
        if (_seen.TryGetValue(key, out var known))
        {
            if (depth >= known)
            {
                return Admission.No;
            }

            _seen[key] = depth;
            return Admission.Nearer;
        }

        if (_seen.Count >= maxPages || scope.Rejects(url) is not null)
        {
            return Admission.No;
        }

        _seen[key] = depth;
        return Admission.New;
    }

    /// <summary>Admits an image a page shows, for download: true if it is new (images are not held to the scope or the page budget).</summary>
    public bool AdmitImage(NormalizedUrl url) => _images.Add(UrlTriage.KeyOf(url));

    /// <summary>Counts an image the crawl holds already.</summary>
    public void RememberImage(UInt128 key) => _images.Add(key);


    /// <summary>Whether the robots.txt of the URL's site (scheme, host and port) must be fetched before it: robots are obeyed and it is not known.</summary>
    public bool NeedsRobots(NormalizedUrl url) => obeyRobots && !_robots.ContainsKey(Site(url));

    public void SetRobots(NormalizedUrl url, RobotsTxt robots) => _robots[Site(url)] = robots;

    /// <summary>The robots.txt that governs the URL.</summary>
    public static NormalizedUrl RobotsUrl(NormalizedUrl url) => NormalizedUrl.From(new Uri($"{Site(url)}/robots.txt"));

    /// <summary>Why robots.txt forbids the URL, or null when it may be fetched.</summary>
    public string? Forbids(NormalizedUrl url) =>
        obeyRobots && _robots.TryGetValue(Site(url), out var robots) && !robots.IsAllowed(userAgent, url.Uri)
            ? $"disallowed by {Site(url)}/robots.txt"
            : null;

    /// <summary>The pause the URL's robots.txt asks for between requests, if any.</summary>
    public TimeSpan? CrawlDelay(NormalizedUrl url) =>
        obeyRobots && _robots.TryGetValue(Site(url), out var robots) ? robots.CrawlDelay(userAgent) : null;

    private static string Site(NormalizedUrl url) => url.Uri.GetLeftPart(UriPartial.Authority);
}

/// <summary>What <see cref="CrawlFrontier.Offer"/> decided.</summary>
public enum Admission
{
    No,
    New,
    Nearer,
}
