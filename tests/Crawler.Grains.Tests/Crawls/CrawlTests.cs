using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Grains.Crawls;
using Crawler.SyntheticWeb;

using Crawler.Testing;

namespace Crawler.Grains.Tests.Crawls;

/// <summary>Crawls of the synthetic multi-host site on a three-silo cluster, checked against the site's ground truth.</summary>
public sealed class CrawlTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    private SiteMap Site => _web.Site;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions
        {
            Addresses = SyntheticWebOptions.LoopbackHosts(3, skip: 120),
            SitePages = 30,
            SiteOrphanPages = 3,
            SiteDeepChain = 6,
            SiteImages = 6,
        });

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    private BatchOptions Crawl(int maxDepth = 100, bool robots = true) => new()
    {
        Retries = 0,
        Crawl = new CrawlSettings
        {
            MaxDepth = maxDepth,
            MaxPages = 10_000,
            Scope = CrawlScopeKind.Hosts,
            Hosts = [.. Site.Hosts.Select(h => h.Host)],
            Robots = robots,
            Resources = false, // these tests are about pages; what pages load has its own test
        },
    };

    [Fact]
    public async Task A_crawl_finds_every_reachable_page_once_and_obeys_robots_txt()
    {
        var truth = Site.Crawl(Site.Seed);

        var results = await TestBatches.RunAsync(fixture.Grains, [Site.Seed.ToString()], Crawl(), TimeSpan.FromSeconds(120), kind: BatchKind.Crawl);

        var fetched = results.Where(r => r.Outcome != "excluded").ToList();
        Assert.Equal(fetched.Count, fetched.Select(r => r.Url).Distinct().Count()); // nothing fetched twice
        var pages = fetched.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).ToHashSet();
        Assert.Equal(truth.Pages.Keys.Order(), pages.Order());
        Assert.Equal(truth.Missing.Order(), fetched.Where(r => r.Status == 404).Select(r => r.Url).Order());
        var blocked = results.Where(r => r.Outcome == "excluded").ToList();
        Assert.Equal(truth.Blocked.Order(), blocked.Select(r => r.Url).Order());
        Assert.All(blocked, r => Assert.Contains("robots.txt", r.Error, StringComparison.Ordinal));
        Assert.DoesNotContain(Site.PrivatePages, p => _web.Stats(0).RequestsTo(new Uri(p).AbsolutePath) > 0);
        // Each page says what it links to and shows, and how far from the seed it was found: fetched in parallel, a
        // page may be reached through a longer path first, never a shorter one than there is.
        Assert.All(fetched.Where(r => r.Outcome == "ok" && r.Redirects.Count == 0), r => Assert.True(r.Page!.Depth >= truth.Pages[r.Url], r.Url));
        var seed = results.Single(r => r.Url == Site.Seed.ToString());
        Assert.Equal(Site.PageAt(Site.Seed)!.ImageLinks.Distinct().Order(), seed.Page!.Images.Order());
        Assert.Contains(seed.Page.Unfetchable, u => u.StartsWith("mailto:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_depth_limit_keeps_exactly_the_pages_within_it(int maxDepth)
    {
        var truth = Site.Crawl(Site.Seed, new SiteCrawlRules { MaxDepth = maxDepth });

        var results = await TestBatches.RunAsync(fixture.Grains, [Site.Seed.ToString()], Crawl(maxDepth), TimeSpan.FromSeconds(60), kind: BatchKind.Crawl);

        Assert.Equal(truth.Pages.Keys.Order(), results.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).Distinct().Order());
    }

    [Fact]
    public async Task Depth_is_limited_and_robots_can_be_ignored()
    {
        var truth = Site.Crawl(Site.Seed, new SiteCrawlRules { MaxDepth = 1, ObeyRobots = false });

        var results = await TestBatches.RunAsync(fixture.Grains, [Site.Seed.ToString()], Crawl(maxDepth: 1, robots: false), TimeSpan.FromSeconds(60), kind: BatchKind.Crawl);

        Assert.Equal(truth.Pages.Keys.Order(), results.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).Distinct().Order());
        Assert.DoesNotContain(results, r => r.Outcome == "excluded");
        Assert.All(results, r => Assert.InRange(r.Page?.Depth ?? 0, 0, 1));
    }

    [Fact]
    public async Task A_crawl_downloads_the_images_of_its_pages_once_each_and_knows_where_it_found_them()
    {
        var options = Crawl();
        options.Crawl!.Images = true;
        options.MaxDownloadBytes = 1 << 20;
        options.Retries = 1; // the cut image resumes on its second attempt
        var truth = Site.Crawl(Site.Seed);

        var results = await TestBatches.RunAsync(fixture.Grains, [Site.Seed.ToString()], options, TimeSpan.FromSeconds(120), kind: BatchKind.Crawl);

        var images = results.Where(r => r.Page is null && truth.Images.ContainsKey(r.Url)).ToList();
        Assert.Equal(truth.Images.Keys.Order(), images.Select(r => r.Url).Order());
        Assert.All(images.Where(r => r.Outcome == "ok"), r => Assert.Equal(truth.Images[r.Url].Sha256, r.Download!.Sha256));
        var kept = truth.Images.Values.Where(i => i.Content != Site.HugeImage).Select(i => i.Sha256).Distinct().ToList();
        Assert.Equal(kept.Order(), images.Where(r => r.Download is not null).Select(r => r.Download!.Sha256).Distinct().Order());
        Assert.Equal(kept.Count, images.Count(r => r.Download is { AlreadyStored: false })); // each content stored once
        Assert.Equal("rejected", images.Single(r => r.Url == Site.Huge(0).ToString()).Outcome); // 64 MiB, over the limit
        Assert.True(images.Single(r => r.Url == Site.Cut(0).ToString()).Download!.Resumed);
        Assert.Equal(("image/jpeg", "image/png"), (images.Single(r => r.Url == Site.Liar(0).ToString()).Download!.Type, images.Single(r => r.Url == Site.Liar(0).ToString()).Download!.DeclaredType));
        // Pages still count only pages.
        Assert.Equal(truth.Pages.Keys.Order(), results.Where(r => r.Outcome == "ok" && r.Page is not null).Select(r => r.FinalUrl!).Distinct().Order());
    }

    [Fact]
    public async Task A_crawl_checks_everything_its_pages_load_once_each_and_reports_the_broken()
    {
        var seed = _web.Url(2, "/assets/");
        var options = new BatchOptions { Retries = 0, Crawl = new CrawlSettings { MaxDepth = 1, Robots = false } };

        var results = await TestBatches.RunAsync(fixture.Grains, [seed.ToString()], options, TimeSpan.FromSeconds(60), kind: BatchKind.Crawl);

        var byPath = results.ToDictionary(r => new Uri(r.Url).AbsolutePath); // each URL once: a stylesheet two pages load is checked once
        string[] expected = ["/assets/", "/assets/page2.html", .. SyntheticWebServer.GoodAssets, .. SyntheticWebServer.BrokenAssets];
        Assert.Equal(expected.Order(StringComparer.Ordinal), byPath.Keys.Order(StringComparer.Ordinal));
        Assert.All(SyntheticWebServer.BrokenAssets, path => Assert.Equal((404, "http_error"), (byPath[path].Status, byPath[path].Outcome)));
        Assert.All(SyntheticWebServer.GoodAssets, path => Assert.Equal("ok", byPath[path].Outcome));
        Assert.All(SyntheticWebServer.GoodAssets.Concat(SyntheticWebServer.BrokenAssets), path => Assert.Null(byPath[path].Page)); // checked, not read
        // Checked with HEAD, one request each (a GET would have the server send the body only to have it dropped); a route
        // that cannot answer HEAD gets its GET.
        Assert.All(SyntheticWebServer.GoodAssets.Where(p => p != "/assets/frame.html"), path =>
            Assert.Equal((1, 1), (_web.Stats(2).RequestsTo(path), _web.Stats(2).RequestsTo(path, "HEAD"))));
        Assert.Equal(1, _web.Stats(2).RequestsTo("/assets/frame.html", "GET"));
        Assert.Equal(seed.ToString(), byPath["/assets/missing.css"].FoundOn); // a broken resource names the page that loads it
        Assert.Equal(_web.Url(2, "/assets/page2.html").ToString(), byPath["/assets/gone-bg.png"].FoundOn);
        var index = byPath["/assets/"].Page!;
        Assert.Equal(["app.js", "bg.png", "frame.html", "missing.css", "missing.js", "style.css"], index.Resources!.Select(u => new Uri(u).Segments[^1]).Order(StringComparer.Ordinal));
        Assert.Equal(["gone.png", "logo.png"], index.Images.Select(u => new Uri(u).Segments[^1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_fragments_on_a_crawl_checks_each_links_anchor_on_its_page()
    {
        var seed = _web.Url(2, "/assets/");
        var options = new BatchOptions { Retries = 0, Anchors = true, Crawl = new CrawlSettings { MaxDepth = 1, Robots = false } };

        var results = await TestBatches.RunAsync(fixture.Grains, [seed.ToString()], options, TimeSpan.FromSeconds(60), kind: BatchKind.Crawl);

        var links = results.Where(r => r.Url.Contains('#', StringComparison.Ordinal)).ToDictionary(r => r.Url[(r.Url.IndexOf('#', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(["assets", "lost", "nowhere", "there"], links.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("ok", "ok"), (links["there"].Outcome, links["assets"].Outcome));
        Assert.Equal(("missing_fragment", "missing_fragment"), (links["nowhere"].Outcome, links["lost"].Outcome));
        Assert.Contains("no anchor '#nowhere'", links["nowhere"].Error, StringComparison.Ordinal);
        Assert.All(links.Values, r => Assert.Equal(seed.ToString(), r.FoundOn));
        Assert.Single(results, r => r.Url == _web.Url(2, "/assets/page2.html").ToString()); // the page itself, once, as a page
    }

    [Fact]
    public async Task A_sitemap_seed_adds_the_pages_no_link_reaches()
    {
        var results = await TestBatches.RunAsync(fixture.Grains, [Site.Sitemap(1).ToString()], Crawl(maxDepth: 0), TimeSpan.FromSeconds(60), kind: BatchKind.Crawl);

        var pages = results.Where(r => r.Outcome == "ok" && r.Page is { Sitemap: false }).Select(r => r.Url).ToHashSet();
        var orphans = Site.OrphanPages.Where(p => new Uri(p).Authority == Site.Hosts[1].Authority).ToList();
        Assert.NotEmpty(orphans);
        Assert.All(orphans, o => Assert.Contains(o, pages));
        Assert.Equal(Site.PagesPerHost, pages.Count); // every page of the host, each at the sitemap's depth (0)
    }

    [Fact]
    public async Task The_page_budget_is_kept_exactly()
    {
        var options = Crawl();
        options.Crawl!.MaxPages = 12;
        var truth = Site.Crawl(Site.Seed);

        var results = await TestBatches.RunAsync(fixture.Grains, [Site.Seed.ToString()], options, TimeSpan.FromSeconds(60), kind: BatchKind.Crawl);

        Assert.Equal(12, results.Count); // the seed and the first eleven links admitted, each fetched (or excluded) once
        Assert.Equal(12, results.Select(r => r.Url).Distinct().Count());
        Assert.All(results, r => Assert.True(truth.Pages.ContainsKey(r.Url) || truth.Missing.Contains(r.Url) || truth.Blocked.Contains(r.Url) || truth.Redirects.ContainsKey(r.Url), r.Url));
    }

    [Fact]
    public async Task A_frontier_shard_owns_its_hosts_urls_and_reads_them_again_from_the_store_for_a_new_epoch()
    {
        var batch = await TestBatches.StartAsync(fixture.Grains, [Site.Seed.ToString()], Crawl(), kind: BatchKind.Crawl);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(120));
        var stored = results.First(r => r.Url == Site.Page(0, 1).ToString());
        var host = Site.Page(0, 1).Host;
        var shards = CrawlShards.For(ClusterFixture.SiloCount);
        var shard = fixture.Grains.GetGrain<ICrawlShardGrain>($"{batch.GetPrimaryKeyString()}/{CrawlShards.Of(host, shards)}");

        // An epoch the shard has not seen, as after the crawl's grain restarted: it forgets what it held and reads the list.
        var decisions = await shard.OfferAsync(new ShardOffer(long.MaxValue, [],
        [
            new ShardLink(stored.Url, 99, ShardLinkKind.Page),
            new ShardLink(Site.Page(0, 1) + "?never-linked", 1, ShardLinkKind.Page),
            new ShardLink(Site.Page(0, 1) + "?never-linked", 1, ShardLinkKind.Page),
            new ShardLink(stored.Url, 0, ShardLinkKind.Page),
        ], shards));

        Assert.Equal(ShardDecision.No, decisions[0]); // stored by the crawl: known
        Assert.Equal(ShardDecision.New, decisions[1]); // new: held from now on
        Assert.Equal(ShardDecision.No, decisions[2]); // so the second offer is refused
        Assert.Equal(new ShardDecision(ShardAdmission.Nearer, stored.Index), decisions[3]); // nearer than stored: its index from the list
    }
}
