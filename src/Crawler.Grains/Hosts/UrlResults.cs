using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Downloads;
using Crawler.Probing;

namespace Crawler.Grains.Hosts;

/// <summary>
/// A request's answer as its batch records it, for every kind: the check's status, redirects and times, what a
/// download kept of the body, what a crawl found on the page or in the sitemap.
/// </summary>
internal static class UrlResults
{
    /// <param name="lane">The batch's lane: its kind says whether a page is a crawl's, its options whether anchors are kept.</param>
    /// <param name="waits">What held the URL back before this attempt started, over all its attempts.</param>
    public static UrlResult From(HostLane lane, WorkItem item, int attempt, ProbeResult result, DateTimeOffset startedAt, DateTimeOffset finishedAt, string silo, WaitTimes waits) =>
        item.Fragment ? OfFragment(Of(lane, item, attempt, result, startedAt, finishedAt, silo, waits) with { Page = null, Anchors = null }, item, result)
            : Of(lane, item, attempt, result, startedAt, finishedAt, silo, waits);

    /// <summary>A link with a fragment: good when its page answered and has the anchor (or is not HTML, which has none to know).</summary>
    private static UrlResult OfFragment(UrlResult result, WorkItem item, ProbeResult probe)
    {
        var fragment = item.Url[(item.Url.IndexOf('#', StringComparison.Ordinal) + 1)..];
        return probe is { Outcome: ProbeOutcome.Ok, Content: PageFound { Links.Anchors: var anchors } }
            && Crawler.Documents.Anchors.Listed(anchors).Missing(fragment, probe.FinalUrl) is { } missing
            ? result with { Outcome = ProbeOutcome.MissingFragment.Name(), Error = missing }
            : result;
    }

    private static UrlResult Of(HostLane lane, WorkItem item, int attempt, ProbeResult result, DateTimeOffset startedAt, DateTimeOffset finishedAt, string silo, WaitTimes waits) => new()
    {
        Index = item.Index,
        Url = item.Url,
        FinalUrl = result.FinalUrl,
        Status = result.Status,
        Outcome = result.Outcome.Name(),
        Error = result.Error,
        Redirects = [.. result.Redirects.Select(r => new RedirectHop(r.Url, r.Status))],
        ElapsedMs = Math.Round(result.Elapsed.TotalMilliseconds, 1),
        Attempts = attempt,
        Silo = silo,
        QueuedAt = item.QueuedAt,
        StartedAt = startedAt,
        FinishedAt = finishedAt,
        Download = result.Content is DownloadedContent { Stored: var stored } downloaded
            ? new DownloadedFile(stored.Sha256, stored.Size, stored.ImageType?.MediaType(), downloaded.DeclaredType, stored.AlreadyStored, downloaded.Resumed)
            : null,
        FoundOn = item.FoundOn,
        Waits = waits.Rounded(),
        ETag = result.Validators?.ETag,
        LastModified = result.Validators?.LastModified,
        Revalidated = result is { Outcome: ProbeOutcome.Ok, Status: 304 } && (item.IfNoneMatch ?? item.IfModifiedSince) is not null ? true : null,
        Anchors = lane.Options.Anchors && result.Content is PageFound { Links.Anchors: var anchors } ? anchors : null,
        Page = lane.Kind != BatchKind.Crawl ? null : result.Content switch
        {
            PageFound { Links: var found } page => new CrawledPage(
                0, [.. found.Links.Select(u => u.ToString())], [.. found.Images.Select(u => u.ToString())], [.. found.Unfetchable.Select(u => u.Url)], found.NoFollow,
                LinksCut: found.Cut, Truncated: page.Truncated, SameAs: page.SameAs, Resources: [.. found.Resources.Select(u => u.ToString())],
                Fragments: lane.Options.Anchors ? found.Fragments : null),
            SitemapFound { Sitemap: var map } => new CrawledPage(0, [.. map.Pages.Concat(map.Sitemaps).Select(u => u.ToString())], [], [], Sitemap: true),
            _ => null,
        },
    };
}
