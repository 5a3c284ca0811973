namespace Crawler.Grains.Crawls;

/// <summary>
/// One shard of a crawl's frontier, keyed <c>{crawl}/{shard}</c>: the owner of the URLs of the hosts that fall to it
/// (<see cref="Crawling.CrawlShards.Of"/>), placed in turn on every silo.
/// </summary>
[Alias("crawler.crawls.shard")]
public interface ICrawlShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records where earlier admissions were stored, then decides on each link in order. A shard that does not know
    /// the crawl's current <see cref="ShardOffer.Epoch"/> (new, moved after its silo was lost, or the crawl's grain
    /// restarted) first reads its part of the frontier again from the crawl's stored list.
    /// </summary>
    Task<ShardDecision[]> OfferAsync(ShardOffer offer);
}

/// <param name="Epoch">The crawl grain's claim on the crawl (its list may have changed under an older one).</param>
/// <param name="Placed">URLs this shard admitted before and where they were stored (<c>-1</c>: not taken after all).</param>
/// <param name="Links">Links to decide on, in the order they were found.</param>
/// <param name="Shards">How many shards the crawl's frontier has: which stored URLs are this shard's.</param>
[GenerateSerializer, Immutable]
[Alias("crawler.crawls.shard-offer")]
public sealed record ShardOffer(
    [property: Id(0)] long Epoch,
    [property: Id(1)] IReadOnlyList<ShardPlacement> Placed,
    [property: Id(2)] IReadOnlyList<ShardLink> Links,
    [property: Id(3)] int Shards);

[GenerateSerializer, Immutable]
[Alias("crawler.crawls.shard-placement")]
public sealed record ShardPlacement([property: Id(0)] string Url, [property: Id(1)] int Index);

/// <param name="Url">A normalised URL of one of the shard's hosts.</param>
/// <param name="Index">For <see cref="ShardLinkKind.Landed"/>: the index of the page whose redirects ended here.</param>
[GenerateSerializer, Immutable]
[Alias("crawler.crawls.shard-link")]
public sealed record ShardLink(
    [property: Id(0)] string Url,
    [property: Id(1)] int Depth,
    [property: Id(2)] ShardLinkKind Kind,
    [property: Id(3)] int Index = -1);

[GenerateSerializer]
[Alias("crawler.crawls.shard-link-kind")]
public enum ShardLinkKind
{
    /// <summary>A page's link (or a sitemap's entry): fetch it if it is new.</summary>
    Page,

    /// <summary>An image a page shows: download it if it is new.</summary>
    Image,

    /// <summary>A resource a page loads (or an image it shows, when images are not downloaded): check it if it is new.</summary>
    Resource,

    /// <summary>A link with a fragment (<c>page#part</c>): check that its page has the anchor, if the link is new.</summary>
    Fragment,

    /// <summary>Where a page's redirects ended: the page itself, held so that it is not fetched again.</summary>
    Landed,
}

/// <param name="Index">For <see cref="ShardAdmission.Nearer"/>: where the URL is stored.</param>
[GenerateSerializer, Immutable]
[Alias("crawler.crawls.shard-decision")]
public sealed record ShardDecision([property: Id(0)] ShardAdmission Admission, [property: Id(1)] int Index = -1)
{
    public static readonly ShardDecision No = new(ShardAdmission.No);

    public static readonly ShardDecision New = new(ShardAdmission.New);
}

[GenerateSerializer]
[Alias("crawler.crawls.shard-admission")]
public enum ShardAdmission
{
    No,
    New,
    Nearer,
}
