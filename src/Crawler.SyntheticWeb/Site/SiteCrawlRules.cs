namespace Crawler.SyntheticWeb;

/// <summary>How the ground-truth crawl (<see cref="SiteMap.Crawl(IEnumerable{Uri}, SiteCrawlRules?)"/>) behaves.</summary>
public sealed record SiteCrawlRules
{
    public static SiteCrawlRules Default { get; } = new();

    /// <summary>Do not fetch what robots.txt disallows (<c>/site/private/</c>); such links are reported as blocked.</summary>
    public bool ObeyRobots { get; init; } = true;

    /// <summary>
    /// Seeds are depth 0; a page linked from a page of depth d is d + 1; a redirect's target and the pages a
    /// sitemap lists keep the depth of the redirect or sitemap. Links deeper than this are not followed. Null: no limit.
    /// </summary>
    public int? MaxDepth { get; init; }

    /// <summary>
    /// Read the sitemap each host's robots.txt lists (as wget2 does) when the crawl first meets the host: the
    /// sitemap and its pages take the depth of the URL that led to the host. Finds the orphan pages.
    /// </summary>
    public bool SitemapsFromRobots { get; init; }

    /// <summary>Which page URLs may be fetched (seeds always are); null: every host of the site. Images are
    /// reported wherever they are.</summary>
    public Func<Uri, bool>? Scope { get; init; }
}
