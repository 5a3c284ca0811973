using Crawler.Probing;

namespace Crawler.Contracts.Batches;

/// <summary>
/// Makes a batch a crawl (<c>POST /api/crawls</c>): its URLs are seeds (a sitemap or sitemap index among them
/// adds the pages it lists), and every page's links within <see cref="Scope"/> are visited in turn, each once,
/// up to <see cref="MaxDepth"/> links away from a seed and <see cref="MaxPages"/> URLs in all.
/// </summary>
[GenerateSerializer]
[Alias("crawler.batches.crawl-settings")]
public sealed record CrawlSettings
{
    public const int MaxHosts = 1_000;

    /// <summary>Links followed from a seed: 0 fetches only the seeds.</summary>
    [Id(0)] public int MaxDepth { get; set; } = 3;

    /// <summary>URLs the crawl fetches at most (seeds included); links found beyond are not followed.</summary>
    [Id(1)] public int MaxPages { get; set; } = 1_000;

    /// <summary><c>sameHost</c> (the seeds' hosts), <c>sameDomain</c> (their registrable domains) or <c>hosts</c> (<see cref="Hosts"/>).</summary>
    [Id(2)] public CrawlScopeKind Scope { get; set; } = CrawlScopeKind.SameHost;

    /// <summary>For <c>hosts</c>: host names or patterns (<c>*.example.com</c>) the crawl may visit besides the seeds'.</summary>
    [Id(3)] public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>Obey each host's robots.txt (its rules and its Crawl-delay).</summary>
    [Id(4)] public bool Robots { get; set; } = true;

    /// <summary>
    /// Download the images the crawled pages show (from any host, each once, robots.txt permitting) into the
    /// content store, as a download batch does; they do not count against <see cref="MaxPages"/>.
    /// </summary>
    [Id(5)] public bool Images { get; set; }

    /// <summary>
    /// Check everything the crawled pages hold — what they load (stylesheets, scripts, frames, media, CSS <c>url()</c>, and
    /// images when they are not downloaded) and the links the crawl does not follow (beyond <see cref="MaxDepth"/> or
    /// outside the scope) — from any host, each once, without keeping bodies; a broken one is a broken link. They do not
    /// count against <see cref="MaxPages"/> and are never followed.
    /// </summary>
    [Id(9)] public bool Resources { get; set; } = true;

    /// <summary>References taken from one page (links, images and unfetchable ones each); more are counted, not followed.</summary>
    [Id(6)] public int MaxLinksPerPage { get; set; } = 1_000;

    /// <summary>Bytes of a page read and parsed; a longer page is parsed as far as that and said to be truncated.</summary>
    [Id(7)] public int MaxPageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Pages the crawl takes from one host, so that one host (a calendar, a trap) cannot spend the whole budget.</summary>
    [Id(8)] public int MaxPagesPerHost { get; set; } = 10_000;

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (MaxDepth is < 0 or > 1_000)
        {
            yield return ("crawl.maxDepth", "must be between 0 and 1000");
        }

        if (MaxPages is < 1 or > 1_000_000)
        {
            yield return ("crawl.maxPages", "must be between 1 and 1000000");
        }

        if (MaxLinksPerPage is < 1 or > 100_000)
        {
            yield return ("crawl.maxLinksPerPage", "must be between 1 and 100000");
        }

        if (MaxPageBytes is < 16 * 1024 or > 32 * 1024 * 1024)
        {
            yield return ("crawl.maxPageBytes", "must be between 16384 and 33554432");
        }

        if (MaxPagesPerHost is < 1 or > 1_000_000)
        {
            yield return ("crawl.maxPagesPerHost", "must be between 1 and 1000000");
        }

        if ((Hosts ?? []).Count > MaxHosts)
        {
            yield return ("crawl.hosts", $"at most {MaxHosts} hosts");
        }

        foreach (var host in (Hosts ?? []).Take(MaxHosts))
        {
            if (!HostPattern.TryParse(host, out _))
            {
                yield return ("crawl.hosts", $"'{host}' is not a host, *.host or *");
            }
        }

        if (Scope == CrawlScopeKind.Hosts && Hosts is not { Count: > 0 })
        {
            yield return ("crawl.hosts", "a crawl scoped to hosts needs at least one");
        }
    }
}

public enum CrawlScopeKind
{
    SameHost,
    SameDomain,
    Hosts,
}
