namespace Crawler.SyntheticWeb;

/// <summary>
/// The ground truth of a crawl: what a correct crawler fetches and finds from given seeds, by the rules of
/// <see cref="SiteCrawlRules"/>. URLs are absolute, as <see cref="Uri.AbsoluteUri"/> writes them, fragments dropped.
/// </summary>
public sealed class SiteCrawl
{
    internal SiteCrawl(
        IReadOnlyDictionary<string, int> pages,
        IReadOnlyDictionary<string, string> redirects,
        IReadOnlySet<string> missing,
        IReadOnlySet<string> sitemaps,
        IReadOnlySet<string> blocked,
        IReadOnlySet<string> outOfScope,
        IReadOnlySet<string> tooDeep,
        IReadOnlySet<string> nonHttpLinks,
        IReadOnlyDictionary<string, SiteImage> images,
        IReadOnlyDictionary<string, IReadOnlyList<string>> imageFoundOn)
    {
        Pages = pages;
        Redirects = redirects;
        Missing = missing;
        Sitemaps = sitemaps;
        Blocked = blocked;
        OutOfScope = outOfScope;
        TooDeep = tooDeep;
        NonHttpLinks = nonHttpLinks;
        Images = images;
        ImageFoundOn = imageFoundOn;
    }

    /// <summary>Every HTML page fetched (200), with its depth.</summary>
    public IReadOnlyDictionary<string, int> Pages { get; }

    /// <summary>Every URL fetched that redirected, with the absolute URL it redirected to (which was then fetched if in scope).</summary>
    public IReadOnlyDictionary<string, string> Redirects { get; }

    /// <summary>Every URL fetched that answered 404.</summary>
    public IReadOnlySet<string> Missing { get; }

    /// <summary>Sitemaps fetched (seeds that are sitemaps, and the sitemaps an index lists).</summary>
    public IReadOnlySet<string> Sitemaps { get; }

    /// <summary>Linked but not fetched, because robots.txt disallows them (empty when robots are ignored).</summary>
    public IReadOnlySet<string> Blocked { get; }

    /// <summary>Linked but not fetched, because out of scope.</summary>
    public IReadOnlySet<string> OutOfScope { get; }

    /// <summary>Linked but not fetched, because deeper than the maximum depth.</summary>
    public IReadOnlySet<string> TooDeep { get; }

    /// <summary>Links with other schemes, as written (<c>mailto:…</c>, <c>javascript:…</c>): reported, never fetched.</summary>
    public IReadOnlySet<string> NonHttpLinks { get; }

    /// <summary>Every image URL the fetched pages refer to (any host, any way of referring).</summary>
    public IReadOnlyDictionary<string, SiteImage> Images { get; }

    /// <summary>For each image URL, the pages it was found on (in crawl order).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ImageFoundOn { get; }

    /// <summary>Every URL that answered a request: pages, redirects, 404s, sitemaps (robots.txt not included).</summary>
    public IEnumerable<string> Fetched => Pages.Keys.Concat(Redirects.Keys).Concat(Missing).Concat(Sitemaps);

    /// <summary>Distinct image contents (by SHA-256): what a content-addressed store ends up holding.</summary>
    public int DistinctImages => DistinctContents.Count();

    /// <summary>Bytes a content-addressed store ends up holding.</summary>
    public long DistinctImageBytes => DistinctContents.Sum(c => c.Length);

    /// <summary>The distinct contents behind <see cref="Images"/> (a content-addressed store's files).</summary>
    public IEnumerable<SiteImageContent> DistinctContents => Images.Values.Select(i => i.Content).Distinct();
}
