namespace Crawler.Contracts.Batches;

/// <summary>
/// What a crawl found at a URL: how many links away from a seed it is, the pages it links to, the images it
/// shows and the resources it loads (stylesheets, scripts, frames, media; absolute, normalised, each once), references that cannot be fetched (<c>mailto:</c>, malformed…), and
/// whether it asked robots not to follow its links. For a <see cref="Sitemap"/>, <see cref="Links"/> are the URLs it
/// lists (pages and further sitemaps), as near the seeds as the sitemap itself. What the crawl's bounds cut is said here,
/// never left out silently: references beyond <c>maxLinksPerPage</c> (<see cref="LinksCut"/>), a body beyond
/// <c>maxPageBytes</c> (<see cref="Truncated"/>), a body the crawl had parsed under another URL (<see cref="SameAs"/>: its
/// links are that page's), and links not followed because the crawl's page budget or the host's share was spent.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.crawled-page")]
public sealed record CrawledPage(
    [property: Id(0)] int Depth,
    [property: Id(1)] IReadOnlyList<string> Links,
    [property: Id(2)] IReadOnlyList<string> Images,
    [property: Id(3)] IReadOnlyList<string> Unfetchable,
    [property: Id(4)] bool NoFollow = false,
    [property: Id(5)] bool Sitemap = false,
    [property: Id(6)] int LinksCut = 0,
    [property: Id(7)] bool Truncated = false,
    [property: Id(8)] string? SameAs = null,
    [property: Id(9)] int OverPageBudget = 0,
    [property: Id(10)] int OverHostLimit = 0,
    [property: Id(11)] IReadOnlyList<string>? Resources = null,
    [property: Id(12)] IReadOnlyList<string>? Fragments = null);
