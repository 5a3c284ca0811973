using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Deploy.Tests;

/// <summary>
/// The store fails under running jobs — a check batch, a crawl, a download batch and a prime job at once — and comes
/// back: killed (kill -9) and restarted on its append-only log, or cut off from the silos for a few seconds. Every job
/// finishes with each result once and exact counts. Each test has its own store and cluster, since it breaks them.
/// </summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private const ulong PrimesTo = 2_000_000_000;

    private readonly RedisServer _redis = new();
    private StoreProxy _proxy = null!;
    private ProxiedCluster _cluster = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _redis.InitializeAsync();
        _proxy = new StoreProxy(_redis.ConnectionString);
        _cluster = new ProxiedCluster(() => _proxy.Rewrite(_redis.ConnectionString));
        await _cluster.InitializeAsync();
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions
        {
            Addresses = SyntheticWebOptions.LoopbackHosts(4, skip: 190),
            Latency = TimeSpan.FromMilliseconds(20),
            SitePages = 30,
            SiteDeepChain = 4,
            SiteImages = 12,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _cluster.DisposeAsync();
        await _proxy.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Jobs_of_every_kind_finish_exactly_once_when_the_store_is_killed_and_restarted_under_them()
    {
        var jobs = await StartJobsAsync();

        await jobs.QuarterDoneAsync();
        await _redis.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation); // down for a while, as a restarting store is
        await _redis.RestartAsync();

        await jobs.CheckAsync();
    }

    [Fact]
    public async Task Jobs_of_every_kind_finish_exactly_once_when_the_store_drops_its_connections_for_a_few_seconds()
    {
        var jobs = await StartJobsAsync();

        await jobs.QuarterDoneAsync();
        _proxy.Cut();
        await Task.Delay(TimeSpan.FromSeconds(4), Cancellation);
        _proxy.Mend();

        await jobs.CheckAsync();
    }

    private async Task<Jobs> StartJobsAsync()
    {
        var checkUrls = Enumerable.Range(0, 400).Select(i => _web.Url(i % 4, $"/slow/100?store={i}").ToString()).ToList();
        var check = await TestBatches.StartAsync(_cluster.Grains, checkUrls, new BatchOptions { PerHostConcurrency = 2, Retries = 0 });
        var site = _web.Site;
        var crawl = await TestBatches.StartAsync(_cluster.Grains, [site.Seed.ToString()], new BatchOptions
        {
            PerHostConcurrency = 1,
            Retries = 0,
            Crawl = new CrawlSettings { MaxDepth = 100, MaxPages = 10_000, Scope = CrawlScopeKind.Hosts, Hosts = [.. site.Hosts.Select(h => h.Host)], Resources = false },
        }, BatchKind.Crawl);
        var imageUrls = Enumerable.Range(0, 4).SelectMany(h => Enumerable.Range(0, 12).Select(i => site.Image(h, i).ToString())).ToList();
        var download = await TestBatches.StartAsync(_cluster.Grains, imageUrls, new BatchOptions { PerHostConcurrency = 1, Retries = 0 }, BatchKind.Download);
        var prime = await PrimeJobs.StartAsync(_cluster.Grains, new PrimeJobRequest { From = 0, To = PrimesTo, Partitions = 60 });
        return new Jobs(this, check, checkUrls.Count, crawl, download, imageUrls.Count, prime);
    }

    private sealed record Jobs(StoreFaultTests Test, IBatchGrain Check, int CheckCount, IBatchGrain Crawl, IBatchGrain Download, int DownloadCount, IPrimeJobGrain Prime)
    {
        public async Task QuarterDoneAsync()
        {
            while ((await Check.GetStatusAsync())!.Done < CheckCount / 4)
            {
                await Check.ReadResultsAsync(long.MaxValue, 0, TimeSpan.FromSeconds(1), Cancellation);
            }
        }

        public async Task CheckAsync()
        {
            var within = TimeSpan.FromMinutes(3);
            await AssertBatchAsync(Check, await TestBatches.ReadAllAsync(Check, within), CheckCount);
            await AssertBatchAsync(Download, await TestBatches.ReadAllAsync(Download, within), DownloadCount);
            Assert.All(await TestBatches.ReadAllAsync(Download, within), r => Assert.True(
                Directory.EnumerateFiles(Test._cluster.Downloads.FullName, r.Download!.Sha256 + "*", SearchOption.AllDirectories).Any(), r.Url));

            var site = Test._web.Site;
            var truth = site.Crawl(site.Seed);
            var crawled = await TestBatches.ReadAllAsync(Crawl, within);
            Assert.Equal(crawled.Count, crawled.Select(r => r.Url).Distinct().Count()); // each URL listed once
            Assert.Equal(truth.Pages.Keys.Order(), crawled.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).Distinct().Order());
            await AssertBatchAsync(Crawl, crawled, crawled.Count);

            var lines = PrimeJobs.Parse(await TestBatches.ReadLinesAsync(Prime, within), CrawlerJson.Default.PrimePartitionLine);
            var status = (await Prime.GetStatusAsync())!;
            Assert.Equal(JobState.Completed, status.State);
            Assert.Equal(Enumerable.Range(0, 60), lines.Select(l => l.Partition).Order());
            Assert.Equal(98_222_287L, status.Summary!.Count); // π(2·10⁹)
        }

        /// <summary>Each index once, and the batch's counts are those of its results.</summary>
        private static async Task AssertBatchAsync(IBatchGrain batch, List<UrlResult> results, int count)
        {
            Assert.Equal(Enumerable.Range(0, count), results.Select(r => r.Index).Order());
            var status = (await batch.GetStatusAsync())!;
            Assert.Equal((JobState.Completed, count, count), (status.State, status.Total, status.Done));
            Assert.Equal(results.Count(r => r.Outcome == "ok"), status.Ok);
            Assert.Equal(results.Count(r => r.Outcome != "ok"), status.Failed.Values.Sum() + status.Skipped.Values.Sum());
        }
    }

    /// <summary>The test cluster, reaching its store through the proxy.</summary>
    private sealed class ProxiedCluster(Func<string> store) : StoreCluster(store);
}
