using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Grains.Batches;
using Crawler.Grains.Crawls;
using Crawler.Grains.Tests.Batches;
using Crawler.Probing;
using Crawler.Probing.Targets;
using Crawler.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crawler.Grains.Tests.Crawls;

/// <summary>
/// What a crawl's expansion decides on its own, without a cluster: links within scope and depth, the page budget,
/// images only when asked, robots.txt rules already known. The frontier's shards are stand-ins that admit a URL once.
/// </summary>
public sealed class CrawlExpansionTests(StoreFixture store)
{
    private const string Seed = "http://site.test/";

    [Fact]
    public async Task A_pages_links_in_scope_are_found_one_link_further_and_queued_after_it()
    {
        await using var test = await Crawl(new CrawlSettings { MaxDepth = 2, Robots = false, Resources = false });
        var (crawl, dispatcher) = Expansion(test);
        var page = Page(0, Seed, links: ["http://site.test/a", "http://site.test/b", "http://elsewhere.test/c", "http://site.test/a"], images: ["http://site.test/i.png"]);

        var (results, found) = await GrainTurns.RunAsync(async () =>
        {
            await crawl.BeginAsync();
            return await crawl.DiscoverAsync([page]);
        });

        Assert.Equal(0, Assert.Single(results).Page!.Depth);
        Assert.Equal([("http://site.test/a", 1, false), ("http://site.test/b", 1, false)], found.Select(f => (f.Url.ToString(), f.Depth, f.Role == CrawlRole.Image)));

        var refused = await GrainTurns.RunAsync(async () =>
        {
            var refused = crawl.Found(1, found);
            await GrainTurns.IdleAsync(dispatcher); // its sending fails here (no hosts), which leaves the URLs queued
            return refused;
        });
        Assert.Empty(refused);
        Assert.Equal(3, test.Run.Record.Total);
        Assert.Equal(2, dispatcher.Pending);
    }

    [Fact]
    public async Task Links_stop_at_the_depth_and_at_the_page_budget_and_images_come_when_asked()
    {
        await using var deep = await Crawl(new CrawlSettings { MaxDepth = 0, Robots = false, Resources = false });
        await using var budget = await Crawl(new CrawlSettings { MaxDepth = 5, MaxPages = 2, Robots = false, Images = true });
        var links = new[] { "http://site.test/1", "http://site.test/2", "http://site.test/3" };

        var (_, atDepth) = await DiscoverAsync(deep, Page(0, Seed, links, images: ["http://img.test/x.png"]));
        var (_, withinBudget) = await DiscoverAsync(budget, Page(0, Seed, links, images: ["http://img.test/x.png"]));

        Assert.Empty(atDepth);
        Assert.Equal(
            [("http://img.test/x.png", true), ("http://site.test/1", false)], // the seed is one of the two pages; images do not count
            withinBudget.Select(f => (f.Url.ToString(), f.Role == CrawlRole.Image)).Order());
    }

    [Fact]
    public async Task What_a_page_loads_is_checked_once_from_any_host_at_any_depth_with_its_images_unless_they_are_downloaded()
    {
        await using var checking = await Crawl(new CrawlSettings { MaxDepth = 0, Robots = false });
        await using var downloading = await Crawl(new CrawlSettings { MaxDepth = 0, Robots = false, Images = true });
        string[] resources = ["http://cdn.test/app.js", "http://site.test/style.css", "http://cdn.test/app.js"];
        var page = Page(0, Seed, links: ["http://site.test/next"], images: ["http://img.test/x.png"], resources);

        var (_, checkedHere) = await DiscoverAsync(checking, page);
        var (_, downloadedHere) = await DiscoverAsync(downloading, page);

        // Depth 0 stops following the link (it is checked instead), never what the page itself loads; the repeated script
        // is offered once.
        Assert.Equal(
            [("http://cdn.test/app.js", CrawlRole.Resource), ("http://img.test/x.png", CrawlRole.Resource), ("http://site.test/next", CrawlRole.Resource), ("http://site.test/style.css", CrawlRole.Resource)],
            checkedHere.Select(f => (f.Url.ToString(), f.Role)).Order());
        Assert.Equal(
            [("http://cdn.test/app.js", CrawlRole.Resource), ("http://img.test/x.png", CrawlRole.Image), ("http://site.test/next", CrawlRole.Resource), ("http://site.test/style.css", CrawlRole.Resource)],
            downloadedHere.Select(f => (f.Url.ToString(), f.Role)).Order());
    }

    [Fact]
    public async Task Links_beyond_the_depth_or_outside_the_scope_are_checked_not_followed()
    {
        await using var test = await Crawl(new CrawlSettings { MaxDepth = 1, Robots = false });
        var page = Page(0, Seed, links: ["http://site.test/in", "http://elsewhere.test/out"], images: []);

        var (_, found) = await DiscoverAsync(test, page);

        Assert.Equal(
            [("http://elsewhere.test/out", 1, CrawlRole.Resource), ("http://site.test/in", 1, CrawlRole.Page)],
            found.Select(f => (f.Url.ToString(), f.Depth, f.Role)).Order());
    }

    [Fact]
    public async Task A_known_robots_txt_refuses_what_it_disallows_and_lets_the_rest_through()
    {
        await using var test = await Crawl(new CrawlSettings { Robots = true });
        var robots = new CrawlRobots(obey: true, BatchOptions.DefaultUserAgent);
        NormalizedUrl.TryParse(Seed, out var site, out _);
        robots.Set(site!, RobotsTxt.Parse("User-agent: *\nDisallow: /private\n"));
        var (crawl, dispatcher) = Expansion(test, robots);

        var refused = crawl.Queue("site.test", 1, "http://site.test/private/report");
        var allowed = crawl.Queue("site.test", 2, "http://site.test/public");

        Assert.Equal(("excluded", 1), (refused!.Outcome, refused.Index));
        Assert.Contains("robots.txt", refused.Error, StringComparison.Ordinal);
        Assert.Null(allowed);
        Assert.Equal(1, dispatcher.Pending);
    }

    private Task<TestRun> Crawl(CrawlSettings settings) =>
        TestRun.StartAsync(store, [Seed], new BatchOptions { Crawl = settings }, BatchKind.Crawl);

    private static async Task<(List<UrlResult> Results, List<FoundUrl> Found)> DiscoverAsync(TestRun test, UrlResult page)
    {
        var (crawl, _) = Expansion(test);
        return await GrainTurns.RunAsync(async () =>
        {
            await crawl.BeginAsync();
            return await crawl.DiscoverAsync([page]);
        });
    }

    private static (CrawlExpansion Crawl, HostDispatcher Dispatcher) Expansion(TestRun test, CrawlRobots? robots = null)
    {
        robots ??= new CrawlRobots(obey: false, BatchOptions.DefaultUserAgent);
        var dispatcher = new HostDispatcher(test.Run, robots, host => throw new InvalidOperationException($"nothing is sent to {host} here"), (_, _) => new Timer(_ => { }), NullLogger.Instance);
        var shards = new Dictionary<int, OnceShard>();
        var crawl = new CrawlExpansion(
            test.Run, robots, new BatchTriage(test.Run), dispatcher,
            shard => shards.TryGetValue(shard, out var known) ? known : shards[shard] = new OnceShard(),
            new UrlProber(new AddressGuard(new AddressGuardOptions { AllowedNetworks = ["127.0.0.0/8"] }), SystemHostResolver.Instance, TimeProvider.System), _ => Task.CompletedTask, NullLogger.Instance);
        return (crawl, dispatcher);
    }

    private static UrlResult Page(int index, string url, IReadOnlyList<string> links, IReadOnlyList<string> images, IReadOnlyList<string>? resources = null) => new()
    {
        Index = index,
        Url = url,
        FinalUrl = url,
        Status = 200,
        Outcome = "ok",
        Page = new CrawledPage(0, links, images, [], Resources: resources),
        QueuedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A shard that admits each URL the first time it is offered and no other.</summary>
    private sealed class OnceShard : ICrawlShardGrain
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public Task<ShardDecision[]> OfferAsync(ShardOffer offer) =>
            Task.FromResult(offer.Links.Select(l => l.Kind != ShardLinkKind.Landed && _seen.Add(l.Url) ? ShardDecision.New : ShardDecision.No).ToArray());
    }
}
