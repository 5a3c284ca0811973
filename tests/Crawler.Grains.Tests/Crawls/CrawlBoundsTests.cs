using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Grains.Tests.Crawls;

/// <summary>
/// Crawls of a hostile site on a three-silo cluster: a 2.4 MB page of 50,000 links, each to the same page under another
/// query string, and a chain of pages that never ends. Each crawl ends within its bounds, says what it cut, and the
/// live managed memory of the process (three silos, the store and the site) grows by less than 1 GiB while it runs. Alone,
/// so that no other test allocates meanwhile.
/// </summary>
[Collection(nameof(CrawlBoundsTests))]
public sealed class CrawlBoundsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 140) });

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task A_crawl_of_a_page_of_fifty_thousand_links_and_an_endless_chain_ends_within_its_bounds_and_says_what_it_cut()
    {
        var options = new BatchOptions { Retries = 0, Crawl = new CrawlSettings { MaxDepth = 6, MaxPages = 2_000 } };
        using var memory = new PeakMemory();

        var batch = await TestBatches.StartAsync(fixture.Grains, [_web.Url(0, "/trap/").ToString()], options, BatchKind.Crawl);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromMinutes(3));
        var status = (await batch.GetStatusAsync())!;

        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        Assert.Equal(results.Count, results.Select(r => r.Url).Distinct().Count()); // nothing fetched twice
        var wide = results.Where(r => r.Url.Contains("/trap/wide", StringComparison.Ordinal)).ToList();
        var deep = results.Where(r => r.Url.Contains("/trap/deep/", StringComparison.Ordinal)).ToList();

        // The chain: deep/0 one link from the seed, deep/5 six, followed; deep/6, seven, is beyond the depth: checked, not
        // read, and deep/7 never seen.
        Assert.Equal(Enumerable.Range(0, 6).Select(n => _web.Url(0, $"/trap/deep/{n}").ToString()), deep.Where(r => r.Page is not null).Select(r => r.Url).Order(StringComparer.Ordinal));
        var beyond = Assert.Single(deep, r => r.Page is null);
        Assert.Equal((_web.Url(0, "/trap/deep/6").ToString(), _web.Url(0, "/trap/deep/5").ToString()), (beyond.Url, beyond.FoundOn));

        // The wide page: read as far as 2 MiB (truncated), its first 1,000 links taken (n=0 is the page itself), the rest of
        // the 2 MiB counted; every other URL of it has the same body, recognised and not parsed again.
        Assert.Equal(1_000, wide.Count);
        Assert.All(wide, r => Assert.True(r.Page!.Truncated, r.Url));
        var parsed = wide.Where(r => r.Page!.SameAs is null).ToList();
        Assert.InRange(parsed.Count, 1, 3); // once, or once more where the host's lane was made again
        var cut = parsed[0].Page!.LinksCut;
        Assert.InRange(cut, 30_000, 48_999);
        Assert.All(parsed, r => Assert.Equal((1_000, cut), (r.Page!.Links.Count, r.Page.LinksCut)));
        Assert.All(wide.Except(parsed), r => Assert.Empty(r.Page!.Links));
        Assert.Equal(new CrawlCuts((long)cut * parsed.Count, 1_000, 1_000 - parsed.Count, 0, 0), status.Crawl);
        Assert.Equal(1 + 1_000 + 6 + 1, status.Total); // the seed, the wide pages, the chain followed, and deep/6 checked
        Assert.Equal(1_000, _web.Stats(0).RequestsTo("/trap/wide"));

        Assert.True(memory.Growth < 1L << 30, $"the live managed heap grew by {memory.Growth / (1 << 20)} MiB");
        Figures.Write("crawl-bounds", $"hostile crawl: {results.Count} pages, live managed heap at most {memory.Growth / (1 << 20)} MiB over the {memory.Baseline / (1 << 20)} MiB before");
    }

    [Fact]
    public async Task Pages_beyond_the_crawl_s_bounds_are_cut_and_counted()
    {
        var options = new BatchOptions
        {
            Retries = 0,
            Crawl = new CrawlSettings { MaxDepth = 6, MaxPages = 50, MaxPagesPerHost = 40, MaxLinksPerPage = 100, MaxPageBytes = 64 * 1024 },
        };

        var batch = await TestBatches.StartAsync(fixture.Grains, [_web.Url(0, "/trap/wide?n=7").ToString()], options, BatchKind.Crawl);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromMinutes(2));
        var status = (await batch.GetStatusAsync())!;

        // 64 KiB of the page hold about 1,100 links: 100 taken, the rest counted; 40 pages of the host in all.
        var seed = Assert.Single(results, r => r.Page!.Depth == 0);
        Assert.True(seed.Page!.Truncated);
        Assert.Equal(100, seed.Page.Links.Count);
        Assert.Equal(40, results.Count);
        Assert.Equal(100 - 40, seed.Page.OverHostLimit); // the seed's own link (n=7) is itself, held already
        Assert.Equal((40L, 39L, 60L), (status.Crawl!.PagesTruncated, status.Crawl.PagesRepeated, status.Crawl.OverHostLimit));
        Assert.True(status.Crawl.LinksCut > 900, $"{status.Crawl.LinksCut} links cut");
    }

    /// <summary>How far the live managed heap grows over what was live before, sampled (after a full collection) every 250 ms.</summary>
    private sealed class PeakMemory : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakMemory()
        {
            Baseline = GC.GetTotalMemory(forceFullCollection: true);
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
        }

        public long Baseline { get; }

        public long Growth
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak) - Baseline;
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: true);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
            }
        }
    }
}

/// <summary>Crawl bounds run alone: the memory they measure is the whole process's.</summary>
[CollectionDefinition(nameof(CrawlBoundsTests), DisableParallelization = true)]
public sealed class CrawlBoundsCollection;
