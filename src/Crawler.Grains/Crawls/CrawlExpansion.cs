using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Grains.Batches;
using Crawler.Probing;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Crawls;

/// <summary>
/// What makes a batch a crawl (<see cref="BatchKind.Crawl"/>): the links of every page recorded are offered to the
/// crawl's frontier — split by host into shards (<see cref="ICrawlShardGrain"/>) spread over the silos, each the one
/// owner of its hosts' URLs — and those admitted are appended to the batch's URLs in the same store transaction as the
/// page's own result (so a silo lost in between costs a second fetch of the page, never a link), then queued for their
/// hosts like any other URL. Scope, depth and the page budget are checked here; a site's URLs wait for its robots.txt,
/// which the crawl fetches itself with the silo's prober.
/// </summary>
/// <param name="refuse">Writes the results of URLs that a robots.txt, fetched meanwhile, forbids.</param>
internal sealed partial class CrawlExpansion(
    BatchRun run,
    CrawlRobots robots,
    BatchTriage triage,
    HostDispatcher dispatcher,
    Func<int, ICrawlShardGrain> shards,
    UrlProber prober,
    Func<IReadOnlyList<UrlResult>, Task> refuse,
    ILogger logger)
{
    private readonly CrawlSettings _settings = run.Options.Crawl ?? new CrawlSettings();
    private readonly UrlFilter _filter = run.Options.ToUrlFilter();
    private CrawlScope? _scope;

    // Pages the crawl holds (seeds, and links it stored), against its page budget, and by host against a host's share;
    // counted before any link is offered.
    private int _pages;
    private readonly Dictionary<string, int> _pagesByHost = new(StringComparer.OrdinalIgnoreCase);
    private Task _counted = Task.CompletedTask;

    // Where this activation stored what each shard admitted, to tell the shard with the next offer.
    private readonly Dictionary<int, List<ShardPlacement>> _placements = [];

    // URLs found again nearer a seed than where they were stored.
    private readonly Dictionary<int, int> _nearer = [];

    // URLs held until their site's robots.txt is known, by robots.txt URL.
    private readonly Dictionary<string, List<(int Index, string Host, NormalizedUrl Url)>> _awaitingRobots = new(StringComparer.Ordinal);

    /// <summary>Draws the scope around the seeds (the first block's URLs at depth 0) and counts the pages held so far.</summary>
    public async Task BeginAsync()
    {
        if (run.Urls.Offsets.Count == 0)
        {
            return;
        }

        var first = await run.Urls.BlockAsync(0);
        var seeds = new List<string>();
        for (var i = 0; i < first.Length; i++)
        {
            if (await run.Urls.DepthAsync(i) == 0)
            {
                seeds.Add(first[i]);
            }
        }

        var seedUrls = seeds.Select(s => NormalizedUrl.TryParse(s, out var u, out _) ? u!.Uri : null).OfType<Uri>();
        _scope = new CrawlScope(
            _settings.Scope switch { CrawlScopeKind.SameDomain => ScopeKind.SameDomain, CrawlScopeKind.Hosts => ScopeKind.Hosts, _ => ScopeKind.SameHost },
            seedUrls,
            _settings.Hosts.Select(h => HostPattern.TryParse(h, out var p) ? p! : throw new FormatException(h)),
            run.Options.ToUrlFilter());
        _counted = CountPagesAsync([.. run.Urls.Offsets]);
    }

    /// <summary>
    /// Queues a URL for its host: at once, or once its site's robots.txt is known and allows it. Returns the URL's
    /// result when a robots.txt already known forbids it.
    /// </summary>
    public UrlResult? Queue(string host, int index, string url)
    {
        if (!NormalizedUrl.TryParse(url, out var normalized, out _))
        {
            dispatcher.Add(host, index);
            return null;
        }

        if (robots.Needs(normalized!))
        {
            var robotsUrl = CrawlRobots.UrlFor(normalized!).ToString();
            if (!_awaitingRobots.TryGetValue(robotsUrl, out var waiting))
            {
                _awaitingRobots[robotsUrl] = waiting = [];
                _ = FetchRobotsAsync(robotsUrl);
            }

            waiting.Add((index, host, normalized!));
            return null;
        }

        if (robots.Forbids(normalized!) is { } reason)
        {
            return run.Unchecked(index, url, ProbeOutcome.Excluded, reason);
        }

        dispatcher.Add(host, index);
        return null;
    }

    /// <summary>
    /// Gives each crawled result its depth, and returns with them the URLs its page links to (or its sitemap lists) that
    /// the frontier's shards admit, to be stored with the results. Runs in the writer. Pages are fetched in parallel, so
    /// one may be found through a longer path first; found again nearer a seed, it takes the nearer depth, and if it was
    /// fetched already its links are offered again from there (they may now be within reach).
    /// </summary>
    public async Task<(List<UrlResult> Results, List<FoundUrl> Found)> DiscoverAsync(List<UrlResult> fresh)
    {
        if (_scope is null)
        {
            return (fresh, []);
        }

        await _counted;
        var offers = new List<ShardLink>();
        var from = new List<int>(); // the page each offer came from (-1: none to tell)
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

            from.AddRange(Enumerable.Repeat(-1, offers.Count - from.Count));
            if (_settings.Images)
            {
                Assets(offers, page.Images, depth, ShardLinkKind.Image);
            }

            if (_settings.Resources)
            {
                // What a page loads is part of it: checked wherever it is, at any depth, unless the batch excludes it.
                Assets(offers, _settings.Images ? page.Resources ?? [] : [.. page.Images, .. page.Resources ?? []], depth, ShardLinkKind.Resource);
            }

            if (run.Options.Anchors)
            {
                // Each link naming a fragment is checked for its anchor (once per link, whichever page holds it).
                foreach (var link in page.Fragments ?? [])
                {
                    var hash = link.IndexOf('#', StringComparison.Ordinal);
                    if (hash > 0 && NormalizedUrl.TryParse(link[..hash], out var target, out _) && _filter.Rejects(target!) is null)
                    {
                        offers.Add(new ShardLink(link, depth, ShardLinkKind.Fragment));
                    }
                }
            }

            from.AddRange(Enumerable.Repeat(result.Index, offers.Count - from.Count)); // found on this page
            if (!page.NoFollow)
            {
                // A sitemap's URLs are as near the seeds as the sitemap; a page's links one step further.
                Follow(offers, page.Links, page.Sitemap ? depth : depth + 1);
                from.AddRange(Enumerable.Repeat(result.Index, offers.Count - from.Count));
            }
        }

        var found = new List<FoundUrl>();
        var notFollowed = new Dictionary<int, (int Budget, int Host)>();
        while (offers.Count > 0)
        {
            var decisions = await OfferAsync(offers);
            var again = new List<ShardLink>();
            for (var i = 0; i < offers.Count; i++)
            {
                var link = offers[i];
                switch (decisions[i].Admission)
                {
                    case ShardAdmission.New when link.Kind is ShardLinkKind.Image or ShardLinkKind.Resource:
                        found.Add(new FoundUrl(link.Depth, NormalizedUrl.From(new Uri(link.Url)), link.Kind == ShardLinkKind.Image ? CrawlRole.Image : CrawlRole.Resource, from[i]));
                        break;
                    case ShardAdmission.New when link.Kind == ShardLinkKind.Fragment:
                        var at = link.Url.IndexOf('#', StringComparison.Ordinal);
                        found.Add(new FoundUrl(link.Depth, NormalizedUrl.From(new Uri(link.Url[..at])), CrawlRole.Fragment, from[i], link.Url[(at + 1)..]));
                        break;
                    case ShardAdmission.New when _pages >= _settings.MaxPages:
                        Placements(link.Url).Add(new ShardPlacement(link.Url, CrawlFrontier.Unplaced)); // over budget: let go
                        Count(notFollowed, from, i, budget: 1, host: 0);
                        break;
                    case ShardAdmission.New when _pagesByHost.GetValueOrDefault(HostOf(link.Url)) >= _settings.MaxPagesPerHost:
                        Placements(link.Url).Add(new ShardPlacement(link.Url, CrawlFrontier.Unplaced)); // the host's share is spent
                        Count(notFollowed, from, i, budget: 0, host: 1);
                        break;
                    case ShardAdmission.New:
                        _pages++;
                        _pagesByHost[HostOf(link.Url)] = _pagesByHost.GetValueOrDefault(HostOf(link.Url)) + 1;
                        found.Add(new FoundUrl(link.Depth, NormalizedUrl.From(new Uri(link.Url)), CrawlRole.Page));
                        break;
                    case ShardAdmission.Nearer:
                        var index = decisions[i].Index;
                        _nearer[index] = link.Depth;
                        if (run.Progress.IsDone(index) && await run.Store.ReadResultAsync(run.Id, index) is { } json
                            && JsonSerializer.Deserialize(json, CrawlerJson.Default.UrlResult)?.Page is { NoFollow: false } earlier)
                        {
                            Follow(again, earlier.Links, earlier.Sitemap ? link.Depth : link.Depth + 1);
                        }

                        break;
                }
            }

            offers = again;
            from = [.. Enumerable.Repeat(-1, again.Count)];
        }

        for (var n = 0; n < withDepth.Count; n++)
        {
            if (notFollowed.TryGetValue(withDepth[n].Index, out var cut) && withDepth[n].Page is { } page)
            {
                withDepth[n] = withDepth[n] with { Page = page with { OverPageBudget = cut.Budget, OverHostLimit = cut.Host } };
            }
        }

        return (withDepth, found);
    }

    private static void Count(Dictionary<int, (int Budget, int Host)> notFollowed, List<int> from, int offer, int budget, int host)
    {
        if (from[offer] >= 0)
        {
            var (b, h) = notFollowed.GetValueOrDefault(from[offer]);
            notFollowed[from[offer]] = (b + budget, h + host);
        }
    }

    private static string HostOf(string url) => new Uri(url).IdnHost;

    /// <summary>
    /// Takes in the URLs stored at <paramref name="offset"/> with the results that found them: tells their shards where,
    /// and queues them. Returns the results of those a known robots.txt forbids.
    /// </summary>
    public List<UrlResult> Found(int offset, List<FoundUrl> found)
    {
        if (found.Count == 0)
        {
            return [];
        }

        run.Grow(offset + found.Count);
        run.Urls.Appended(offset, found.Count);
        for (long block = offset; block < run.Record.Total; block += BatchStore.BlockSize)
        {
            triage.Skip(block); // queued here, not by triage
        }

        var refused = new List<UrlResult>();
        for (var i = 0; i < found.Count; i++)
        {
            var url = found[i].Url.ToString();
            if (found[i].Role == CrawlRole.Page)
            {
                Placements(url).Add(new ShardPlacement(url, offset + i));
            }

            if (Queue(found[i].Url.Host, offset + i, url) is { } forbidden)
            {
                refused.Add(forbidden);
            }
        }

        dispatcher.Request();
        return refused;
    }

    /// <summary>Counts the pages the crawl holds (after a restart, those found before it too); links wait for it.</summary>
    private async Task CountPagesAsync(IReadOnlyList<long> offsets)
    {
        var pages = 0;
        _pagesByHost.Clear();
        foreach (var offset in offsets)
        {
            var urls = await run.Urls.BlockAsync(offset);
            for (var i = 0; i < urls.Length; i++)
            {
                if (await run.Urls.RoleAsync((int)offset + i) == CrawlRole.Page)
                {
                    pages++;
                    if (Uri.TryCreate(urls[i], UriKind.Absolute, out var url))
                    {
                        _pagesByHost[url.IdnHost] = _pagesByHost.GetValueOrDefault(url.IdnHost) + 1;
                    }
                }
            }
        }

        _pages = pages;
    }

    /// <summary>
    /// Fetches a site's robots.txt and releases the URLs that waited for it. Not through the host's queue: it is one
    /// request per site, and the site's pages must wait for it anyway.
    /// </summary>
    private async Task FetchRobotsAsync(string robotsUrl)
    {
        var url = NormalizedUrl.From(new Uri(robotsUrl));
        RobotsTxt rules;
        try
        {
            var result = await prober.ProbeAsync(url, run.Options.ToProbeOptions() with { Reader = new PageReader(), MaxRedirects = 5 }, run.Stopping);
            rules = result.Content is RobotsFound found ? found.Robots : RobotsTxt.ForResponse(result.Status, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRobotsFailed(ex, robotsUrl);
            rules = RobotsTxt.ForResponse(null, null);
        }

        if (!_awaitingRobots.Remove(robotsUrl, out var waiting))
        {
            return;
        }

        robots.Set(url, rules);
        var refused = new List<UrlResult>();
        foreach (var (index, host, pageUrl) in waiting)
        {
            if (robots.Forbids(pageUrl) is { } reason)
            {
                refused.Add(run.Unchecked(index, pageUrl.ToString(), ProbeOutcome.Excluded, reason));
            }
            else
            {
                dispatcher.Add(host, index);
            }
        }

        dispatcher.Request();
        await refuse(refused);
    }

    /// <summary>Adds a page's images or resources to <paramref name="offers"/>: any host, any depth, unless the batch's patterns leave them out.</summary>
    private void Assets(List<ShardLink> offers, IEnumerable<string> urls, int depth, ShardLinkKind kind)
    {
        foreach (var asset in urls)
        {
            if (NormalizedUrl.TryParse(asset, out var url, out _) && _filter.Rejects(url!) is null)
            {
                offers.Add(new ShardLink(url!.ToString(), depth, kind));
            }
        }
    }

    /// <summary>
    /// Adds a page's links to <paramref name="offers"/>: within the crawl's depth and scope as pages to follow, the others
    /// (when the crawl checks what pages hold) as links to check only.
    /// </summary>
    private void Follow(List<ShardLink> offers, IReadOnlyList<string> links, int depth)
    {
        foreach (var link in links)
        {
            if (!NormalizedUrl.TryParse(link, out var url, out _))
            {
                continue;
            }

            if (depth <= _settings.MaxDepth && _scope!.Rejects(url!) is null)
            {
                offers.Add(new ShardLink(url!.ToString(), depth, ShardLinkKind.Page));
            }
            else if (_settings.Resources && _filter.Rejects(url!) is null)
            {
                // Beyond the depth or the scope a link is not followed, but it is still one of the page's links: checked.
                offers.Add(new ShardLink(url!.ToString(), depth, ShardLinkKind.Resource));
            }
        }
    }

    /// <summary>
    /// Asks each shard about its links, all shards at once, and returns the decisions in the links' order. Each shard is
    /// told first where the URLs it admitted last time were stored.
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
                var offer = new ShardOffer(run.Epoch, placed, [.. pair.Value.Select(i => links[i])], run.Record.CrawlShards);
                return (Positions: pair.Value, Decisions: await shards(pair.Key).OfferAsync(offer));
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

    private int ShardOf(string url) => CrawlShards.Of(new Uri(url).IdnHost, run.Record.CrawlShards);

    /// <summary>How many links from a seed a URL is: where it was stored, or nearer if it was found again since.</summary>
    private async Task<int> DepthAsync(int index)
    {
        var stored = await run.Urls.DepthAsync(index);
        return _nearer.TryGetValue(index, out var nearer) && nearer < stored ? nearer : stored;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {RobotsUrl} failed; its site is treated as disallowed")]
    private partial void LogRobotsFailed(Exception exception, string robotsUrl);
}

/// <summary>
/// A URL a crawl admitted, to be stored at <paramref name="Depth"/> links from a seed, and what for; an image or resource
/// with <paramref name="FoundOn"/>, the index of the page it was found on (-1: not told); a link's <paramref name="Fragment"/>.
/// </summary>
internal readonly record struct FoundUrl(int Depth, NormalizedUrl Url, CrawlRole Role, int FoundOn = -1, string? Fragment = null)
{
    /// <summary>As the crawl's list keeps it: with its fragment, for a link whose anchor is checked.</summary>
    public string Text => Fragment is null ? Url.ToString() : $"{Url}#{Fragment}";
}
