using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Checks;
using Crawler.Crawling;
using Crawler.Probing;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Checks;

/// <summary>
/// The crawl part of a batch (<see cref="CheckOptions.Crawl"/>): the links of every page recorded are offered to the
/// <see cref="CrawlFrontier"/>, and those it admits are appended to the batch's URLs — in the store before the page's
/// own result, so a silo lost in between costs a second fetch of the page, never a link — and queued for their hosts
/// like any other URL. A site's URLs wait for its robots.txt, which the batch fetches itself with the silo's prober.
/// </summary>
public sealed partial class CheckBatchGrain
{
    private CrawlFrontier? _frontier;

    // Every URL the crawl holds, counted by the frontier before any link is offered to it.
    private Task _remembered = Task.CompletedTask;

    // URLs found again nearer a seed than where they were stored.
    private readonly Dictionary<int, int> _nearer = [];

    // URLs held until their site's robots.txt is known, by robots.txt URL.
    private readonly Dictionary<string, List<(int Index, string Host, NormalizedUrl Url)>> _awaitingRobots = new(StringComparer.Ordinal);

    private bool IsCrawl => Batch.Options.Crawl is not null;

    /// <summary>Sets up the frontier; the scope is drawn around the seeds (the first block's URLs at depth 0).</summary>
    private async Task BeginCrawlAsync()
    {
        if (Batch.Options.Crawl is not { } crawl || _blocks!.Offsets.Count == 0)
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
        var scope = new CrawlScope(
            crawl.Scope switch { CrawlScopeKind.SameDomain => ScopeKind.SameDomain, CrawlScopeKind.Hosts => ScopeKind.Hosts, _ => ScopeKind.SameHost },
            seedUrls,
            crawl.Hosts.Select(h => HostPattern.TryParse(h, out var p) ? p! : throw new FormatException(h)),
            Batch.Options.ToUrlFilter());
        _frontier = new CrawlFrontier(scope, crawl.MaxDepth, crawl.MaxPages, crawl.Robots, Batch.Options.UserAgent);
        _remembered = RememberAllAsync(_frontier, _blocks.Offsets.ToList());
    }

    /// <summary>
    /// Counts every URL the crawl holds (after a restart, those found before it too), done or not, so that none is
    /// admitted twice. Links wait for it; it needs nothing from the writer, so the writer may wait for it.
    /// </summary>
    private async Task RememberAllAsync(CrawlFrontier frontier, IReadOnlyList<long> offsets)
    {
        foreach (var offset in offsets)
        {
            var urls = await _blocks!.BlockAsync(offset);
            var keys = await Task.Run(() => Array.ConvertAll(urls, url => NormalizedUrl.TryParse(url, out var u, out _) ? UrlTriage.KeyOf(u!) : (UInt128?)null));
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] is not { } key)
                {
                    continue;
                }

                if (await _blocks.IsImageAsync((int)offset + i))
                {
                    frontier.RememberImage(key);
                }
                else
                {
                    frontier.Remember(key, await _blocks.DepthAsync((int)offset + i));
                }
            }
        }
    }

    /// <summary>Queues a URL for its host: at once, or once its site's robots.txt is known (and allows it).</summary>
    private void Queue(string host, int index, string url, List<CheckResult> immediate)
    {
        if (_frontier is not { } frontier || !NormalizedUrl.TryParse(url, out var normalized, out _))
        {
            _planner!.Add(host, index);
            return;
        }

        if (frontier.NeedsRobots(normalized!))
        {
            var robots = CrawlFrontier.RobotsUrl(normalized!).ToString();
            if (!_awaitingRobots.TryGetValue(robots, out var waiting))
            {
                _awaitingRobots[robots] = waiting = [];
                _ = FetchRobotsAsync(robots);
            }

            waiting.Add((index, host, normalized!));
        }
        else if (frontier.Forbids(normalized!) is { } reason)
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

        if (_frontier is not { } frontier || !_awaitingRobots.Remove(robotsUrl, out var waiting))
        {
            return;
        }

        frontier.SetRobots(url, robots);
        var refused = new List<CheckResult>();
        foreach (var (index, host, pageUrl) in waiting)
        {
            if (frontier.Forbids(pageUrl) is { } reason)
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
    private CheckOptions OptionsFor(string host, string url)
    {
        if (_frontier is not { } frontier || !NormalizedUrl.TryParse(url, out var normalized, out _)
            || frontier.CrawlDelay(normalized!) is not { } delay || delay.TotalMilliseconds <= Batch.Options.PerHostDelayMs)
        {
            return Batch.Options;
        }

        return Batch.Options with { PerHostDelayMs = (int)Math.Min(delay.TotalMilliseconds, 3_600_000) };
    }

    /// <summary>
    /// Gives each crawled result its depth, and appends the URLs its page links to (or its sitemap lists) that the
    /// frontier admits, queueing them. Runs in the writer, before the results are recorded. Pages are fetched in
    /// parallel, so one may be found through a longer path first; found again nearer a seed, it takes the nearer
    /// depth, and if it was fetched already its links are offered again from there (they may now be within reach).
    /// </summary>
    private async Task<List<CheckResult>> DiscoverAsync(List<CheckResult> fresh)
    {
        if (_frontier is not { } frontier)
        {
            return fresh;
        }

        await _remembered;
        var found = new List<(int Depth, NormalizedUrl Url, bool Image)>();
        var images = Batch.Options.Crawl?.Images == true;
        var links = new Queue<(IReadOnlyList<string> Links, int Depth)>();
        var withDepth = new List<CheckResult>(fresh.Count);
        foreach (var result in fresh)
        {
            if (result.Page is not { } page)
            {
                withDepth.Add(result);
                continue;
            }

            var depth = await DepthAsync(result.Index);
            withDepth.Add(result with { Page = page with { Depth = depth } });
            if (result.FinalUrl is { } final && NormalizedUrl.TryParse(final, out var landed, out _))
            {
                frontier.Remember(landed!, depth); // a redirect's target is this page: not fetched again
            }

            if (images)
            {
                foreach (var image in page.Images)
                {
                    if (NormalizedUrl.TryParse(image, out var url, out _) && frontier.AdmitImage(url!))
                    {
                        found.Add((depth, url!, true));
                    }
                }
            }

            if (!page.NoFollow)
            {
                // A sitemap's URLs are as near the seeds as the sitemap; a page's links one step further.
                links.Enqueue((page.Links, page.Sitemap ? depth : depth + 1));
            }
        }

        while (links.TryDequeue(out var next))
        {
            foreach (var link in next.Links)
            {
                if (!NormalizedUrl.TryParse(link, out var url, out _))
                {
                    continue;
                }

                switch (frontier.Offer(url!, next.Depth))
                {
                    case Admission.New:
                        found.Add((next.Depth, url!, false));
                        break;
                    case Admission.Nearer when _firstIndex.TryGetValue(UrlTriage.KeyOf(url!), out var index):
                        _nearer[index] = next.Depth;
                        if (_doneBits[index] && await store.ReadResultAsync(Id, index) is { } json
                            && JsonSerializer.Deserialize(json, CrawlerJson.Default.CheckResult)?.Page is { NoFollow: false } earlier)
                        {
                            links.Enqueue((earlier.Links, earlier.Sitemap ? next.Depth : next.Depth + 1));
                        }

                        break;
                }
            }
        }

        if (found.Count > 0)
        {
            var offset = Batch.Total;
            var length = await FencedAsync(() => store.AppendUrlsAsync(Id, _epoch, offset, [.. found.Select(f => UrlBlocks.Line(f.Depth, f.Url.ToString(), f.Image))]));
            Batch.Total = (int)length;
            _doneBits.Length = Batch.Total;
            await _blocks!.LoadAsync();
            for (var block = offset; block < Batch.Total; block += CheckBatchStore.BlockSize)
            {
                _triaged.Add(block); // queued here, not by triage
            }

            var refused = new List<CheckResult>();
            for (var i = 0; i < found.Count; i++)
            {
                _firstIndex.TryAdd(UrlTriage.KeyOf(found[i].Url), offset + i);
                Queue(found[i].Url.Host, offset + i, found[i].Url.ToString(), refused);
            }

            _unwritten.AddRange(refused);
            RequestDispatch();
        }

        return withDepth;
    }

    /// <summary>How many links from a seed a URL is: where it was stored, or nearer if it was found again since.</summary>
    private async Task<int> DepthAsync(int index)
    {
        var stored = await _blocks!.DepthAsync(index);
        return _nearer.TryGetValue(index, out var nearer) && nearer < stored ? nearer : stored;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {RobotsUrl} failed; its site is treated as disallowed")]
    private partial void LogRobotsFailed(Exception exception, string robotsUrl);
}
