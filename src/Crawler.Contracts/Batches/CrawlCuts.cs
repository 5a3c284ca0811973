namespace Crawler.Contracts.Batches;

/// <summary>
/// What a crawl's bounds cut, over all its pages: references beyond <c>maxLinksPerPage</c>, pages beyond
/// <c>maxPageBytes</c>, pages whose body the crawl had parsed under another URL, and links not followed because the
/// page budget (<c>maxPages</c>) or a host's share (<c>maxPagesPerHost</c>) was spent.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.crawl-cuts")]
public sealed record CrawlCuts(
    [property: Id(0)] long LinksCut,
    [property: Id(1)] long PagesTruncated,
    [property: Id(2)] long PagesRepeated,
    [property: Id(3)] long OverPageBudget,
    [property: Id(4)] long OverHostLimit)
{
    /// <summary>The counters' names in the store, beside the outcome counts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["crawl.linksCut", "crawl.pagesTruncated", "crawl.pagesRepeated", "crawl.overPageBudget", "crawl.overHostLimit"];

    public static CrawlCuts From(IReadOnlyDictionary<string, long> counts) => new(
        counts.GetValueOrDefault(Names[0]), counts.GetValueOrDefault(Names[1]), counts.GetValueOrDefault(Names[2]),
        counts.GetValueOrDefault(Names[3]), counts.GetValueOrDefault(Names[4]));

    /// <summary>What one page adds, by counter name (none at zero).</summary>
    public static IEnumerable<KeyValuePair<string, long>> Of(CrawledPage page)
    {
        long[] values = [page.LinksCut, page.Truncated ? 1 : 0, page.SameAs is null ? 0 : 1, page.OverPageBudget, page.OverHostLimit];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                yield return new(Names[i], values[i]);
            }
        }
    }
}
