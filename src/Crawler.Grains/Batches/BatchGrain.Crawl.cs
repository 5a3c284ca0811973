using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Grains.Crawls;
using Crawler.Probing;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Batches;

/// <summary>
/// The crawl part of a batch (<see cref="BatchOptions.Crawl"/>): the links of every page recorded are offered to the
/// crawl's frontier — split by host into shards (<see cref="ICrawlShardGrain"/>) spread over the silos, each the one
/// owner of its hosts' URLs — and those admitted are appended to the batch's URLs, in the store before the page's own
/// result (so a silo lost in between costs a second fetch of the page, never a link), and queued for their hosts like
/// any other URL. Scope, depth and the page budget are checked here; a site's URLs wait for its robots.txt, which the
/// batch fetches itself with the silo's prober.
/// </summary>
public sealed partial class BatchGrain
{
    private CrawlScope? _scope;
    private CrawlRobots? _robots;

    // Pages the crawl holds (seeds, and links it stored), against its page budget; counted before any link is offered.
    private int _pages;
    private Task _counted = Task.CompletedTask;

    // Where this activation stored what each shard admitted, to tell the shard with the next offer.
    private readonly Dictionary<int, List<ShardPlacement>> _placements = [];

    // URLs found again nearer a seed than where they were stored.
    private readonly Dictionary<int, int> _nearer = [];

    // URLs held until their site's robots.txt is known, by robots.txt URL.
    private readonly Dictionary<string, List<(int Index, string Host, NormalizedUrl Url)>> _awaitingRobots = new(StringComparer.Ordinal);

    private bool IsCrawl => Batch.Kind == BatchKind.Crawl;

    /// <summary>Sets up the crawl; the scope is drawn around the seeds (the first block's URLs at depth 0).</summary>
    private async Task BeginCrawlAsync()
    {
        if (!IsCrawl || Batch.Options.Crawl is not { } crawl || _blocks!.Offsets.Count == 0)
        {
            return;
        }

        var first = await _blocks.BlockAsync(0);
        var seeds = new List<string>();
        for (var i = 0; i < first.Length; i++)
        {
            if (await _blocks.DepthAsync(i) == 0)
            {
                seeds.Add(first[i]);
            }
        }

        var seedUrls = seeds.Select(s => NormalizedUrl.TryParse(s, out var u, out _) ? u!.Uri : null).OfType<Uri>();
        _scope = new CrawlScope(
            crawl.Scope switch { CrawlScopeKind.SameDomain => ScopeKind.SameDomain, CrawlScopeKind.Hosts => ScopeKind.Hosts, _ => ScopeKind.SameHost },
            seedUrls,
            crawl.Hosts.Select(h => HostPattern.TryParse(h, out var p) ? p! : throw new FormatException(h)),
            Batch.Options.ToUrlFilter());
        _robots = new CrawlRobots(crawl.Robots, Batch.Options.UserAgent);
        _counted = CountPagesAsync(_blocks.Offsets.ToList());
    }

    /// <summary>Counts the pages the crawl holds (after a restart, those found before it too); links wait for it.</summary>
    private async Task CountPagesAsync(IReadOnlyList<long> offsets)
    {
        var pages = 0;
        foreach (var offset in offsets)
        {
            var length = (await _blocks!.BlockAsync(offset)).Length;
            for (var i = 0; i < length; i++)
            {
                pages += await _blocks.IsImageAsync((int)offset + i) ? 0 : 1;
            }
        }

        _pages = pages;
    }

    /// <summary>Queues a URL for its host: at once, or once its site's robots.txt is known (and allows it).</summary>
    private void Queue(string host, int index, string url, List<UrlResult> immediate)
    {
        if (_robots is not { } robotsOfSites || !NormalizedUrl.TryParse(url, out var normalized, out _))
        {
            _planner!.Add(host, index);
            return;
        }

        if (robotsOfSites.Needs(normalized!))
        {
            var robots = CrawlRobots.UrlFor(normalized!).ToString();
            if (!_awaitingRobots.TryGetValue(robots, out var waiting))
            {
                _awaitingRobots[robots] = waiting = [];
                _ = FetchRobotsAsync(robots);
            }

            waiting.Add((index, host, normalized!));
        }
        else if (robotsOfSites.Forbids(normalized!) is { } reason)
        {
            immediate.Add(Unchecked(index, url, ProbeOutcome.Excluded, reason));
        }
        else
        {
            _planner!.Add(host, index);
        }
    }

    /// <summary>
    /// Fetches a site's robots.txt and releases the URLs that waited for it. Not through the host's queue: it is one
    /// request per site, and the site's pages must wait for it anyway.
    /// </summary>
    private async Task FetchRobotsAsync(string robotsUrl)
    {
        var url = NormalizedUrl.From(new Uri(robotsUrl));
        RobotsTxt robots;
        try
        {
            var result = await prober.ProbeAsync(url, Batch.Options.ToProbeOptions() with { Reader = new PageReader(), MaxRedirects = 5 }, _run.Token);
            robots = result.Content is RobotsFound found ? found.Robots : RobotsTxt.ForResponse(result.Status, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRobotsFailed(ex, robotsUrl);
            robots = RobotsTxt.ForResponse(null, null);
        }

        if (_robots is not { } robotsOfSites || !_awaitingRobots.Remove(robotsUrl, out var waiting))
        {
            return;
        }

        robotsOfSites.Set(url, robots);
        var refused = new List<UrlResult>();
        foreach (var (index, host, pageUrl) in waiting)
        {
            if (robotsOfSites.Forbids(pageUrl) is { } reason)
            {
                refused.Add(Unchecked(index, pageUrl.ToString(), ProbeOutcome.Excluded, reason));
            }
            else
            {
                _planner?.Add(host, index);
            }
        }

        RequestDispatch();
        await WriteAsync(refused);
    }

    /// <summary>The options a host's requests go with: the batch's, slowed down to its robots.txt's Crawl-delay.</summary>
    private BatchOptions OptionsFor(string host, string url)
    {
        if (_robots is not { } robots || !NormalizedUrl.TryParse(url, out var normalized, out _)
            || robots.CrawlDelay(normalized!) is not { } delay || delay.TotalMilliseconds <= Batch.Options.PerHostDelayMs)
        {
            return Batch.Options;
        }

        return Batch.Options with { PerHostDelayMs = (int)Math.Min(delay.TotalMilliseconds, 3_600_000) };
    }

    /// <summary>
    /// Gives each crawled result its depth, and returns with them the URLs its page links to (or its sitemap lists)
    /// that the frontier's shards admit, to be stored with the results. Runs in the writer. Pages are fetched in
    /// parallel, so one may be found through a longer path first; found again nearer a seed, it takes the nearer
    /// depth, and if it was fetched already its links are offered again from there (they may now be within reach).
    /// </summary>
    private async Task<(List<UrlResult> Results, List<(int Depth, NormalizedUrl Url, bool Image)> Found)> DiscoverAsync(List<UrlResult> fresh)
    {
        if (!IsCrawl || Batch.Options.Crawl is not { } crawl || _scope is null)
        {
            return (fresh, []);
        }

        await _counted;
        var offers = new List<ShardLink>();
        var withDepth = new List<UrlResult>(fresh.Count);
        foreach (var result in fresh)
        {
            if (result.Page is not { } page)
            {
                withDepth.Add(result);
                continue;
            }

            var depth = await DepthAsync(result.Index);
            withDepth.Add(result with { Page = page with { Depth = depth } });
            if (result.FinalUrl is { } final && final != result.Url && NormalizedUrl.TryParse(final, out var landed, out _))
            {
                offers.Add(new ShardLink(landed!.ToString(), depth, ShardLinkKind.Landed, result.Index)); // the same page: not fetched again
            }

            if (crawl.Images)
            {
                foreach (var image in page.Images)
                {
                    if (NormalizedUrl.TryParse(image, out var url, out _))
                    {
                        offers.Add(new ShardLink(url!.ToString(), depth, ShardLinkKind.Image));
                    }
                }
            }

            if (!page.NoFollow)
            {
                // A sitemap's URLs are as near the seeds as the sitemap; a page's links one step further.
                Follow(offers, page.Links, page.Sitemap ? depth : depth + 1);
            }
        }

        var found = new List<(int Depth, NormalizedUrl Url, bool Image)>();
        while (offers.Count > 0)
        {
            var decisions = await OfferAsync(offers);
            var again = new List<ShardLink>();
            for (var i = 0; i < offers.Count; i++)
            {
                var link = offers[i];
                switch (decisions[i].Admission)
                {
                    case ShardAdmission.New when link.Kind == ShardLinkKind.Image:
                        found.Add((link.Depth, NormalizedUrl.From(new Uri(link.Url)), true));
                        break;
                    case ShardAdmission.New when _pages >= crawl.MaxPages:
                        Placements(link.Url).Add(new ShardPlacement(link.Url, CrawlFrontier.Unplaced)); // over budget: let go
                        break;
                    case ShardAdmission.New:
                        _pages++;
                        found.Add((link.Depth, NormalizedUrl.From(new Uri(link.Url)), false));
                        break;
                    case ShardAdmission.Nearer:
                        var index = decisions[i].Index;
                        _nearer[index] = link.Depth;
                        if (_doneBits[index] && await store.ReadResultAsync(Id, index) is { } json
                            && JsonSerializer.Deserialize(json, CrawlerJson.Default.UrlResult)?.Page is { NoFollow: false } earlier)
                        {
                            Follow(again, earlier.Links, earlier.Sitemap ? link.Depth : link.Depth + 1);
                        }

                        break;
                }
            }

            offers = again;
        }

        return (withDepth, found);
    }

    /// <summary>Takes in the URLs stored at <paramref name="offset"/> with the results that found them: tells their shards where, and queues them.</summary>
    private void Found(int offset, List<(int Depth, NormalizedUrl Url, bool Image)> found)
    {
        if (found.Count == 0)
        {
            return;
        }

        Batch.Total = offset + found.Count;
        _doneBits.Length = Batch.Total;
        _blocks!.Appended(offset, found.Count);
        for (long block = offset; block < Batch.Total; block += BatchStore.BlockSize)
        {
            _triaged.Add(block); // queued here, not by triage
        }

        var refused = new List<UrlResult>();
        for (var i = 0; i < found.Count; i++)
        {
            var url = found[i].Url.ToString();
            if (!found[i].Image)
            {
                Placements(url).Add(new ShardPlacement(url, offset + i));
            }

            Queue(found[i].Url.Host, offset + i, url, refused);
        }

        _unwritten.AddRange(refused);
        RequestDispatch();
    }

    /// <summary>Adds the links within the crawl's depth and scope to <paramref name="offers"/>.</summary>
    private void Follow(List<ShardLink> offers, IReadOnlyList<string> links, int depth)
    {
        if (depth > Batch.Options.Crawl!.MaxDepth)
        {
            return;
        }

        foreach (var link in links)
        {
            if (NormalizedUrl.TryParse(link, out var url, out _) && _scope!.Rejects(url!) is null)
            {
                offers.Add(new ShardLink(url!.ToString(), depth, ShardLinkKind.Page));
            }
        }
    }

    /// <summary>
    /// Asks each shard about its links, all shards at once, and returns the decisions in the links' order. Each shard
    /// is told first where the URLs it admitted last time were stored.
    /// </summary>
    private async Task<ShardDecision[]> OfferAsync(List<ShardLink> links)
    {
        var byShard = new Dictionary<int, List<int>>();
        for (var i = 0; i < links.Count; i++)
        {
            var shard = ShardOf(links[i].Url);
            (byShard.TryGetValue(shard, out var positions) ? positions : byShard[shard] = []).Add(i);
        }

        var asked = byShard.Select(async pair =>
        {
            var placed = _placements.Remove(pair.Key, out var pending) ? pending : [];
            try
            {
                var offer = new ShardOffer(_epoch, placed, [.. pair.Value.Select(i => links[i])], Batch.CrawlShards);
                return (Positions: pair.Value, Decisions: await GrainFactory.GetGrain<ICrawlShardGrain>($"{Id}/{pair.Key}").OfferAsync(offer));
            }
            catch
            {
                _placements[pair.Key] = [.. placed, .. _placements.GetValueOrDefault(pair.Key) ?? []];
                throw;
            }
        }).ToList();

        var decisions = new ShardDecision[links.Count];
        foreach (var (positions, answers) in await Task.WhenAll(asked))
        {
            for (var n = 0; n < positions.Count; n++)
            {
                decisions[positions[n]] = answers[n];
            }
        }

        return decisions;
    }

    private List<ShardPlacement> Placements(string url)
    {
        var shard = ShardOf(url);
        return _placements.TryGetValue(shard, out var list) ? list : _placements[shard] = [];
    }

    private int ShardOf(string url) => CrawlShards.Of(new Uri(url).IdnHost, Batch.CrawlShards);

    /// <summary>How many links from a seed a URL is: where it was stored, or nearer if it was found again since.</summary>
    private async Task<int> DepthAsync(int index)
    {
        var stored = await _blocks!.DepthAsync(index);
        return _nearer.TryGetValue(index, out var nearer) && nearer < stored ? nearer : stored;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {RobotsUrl} failed; its site is treated as disallowed")]
    private partial void LogRobotsFailed(Exception exception, string robotsUrl);
}
