using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;

using Crawler.Testing;

namespace Crawler.Grains.Tests.Batches;

/// <summary>A silo dies in the middle of a batch; its own cluster, since the test breaks it.</summary>
public sealed class SiloLossTests(StoreFixture store) : IAsyncLifetime
{
    private readonly ClusterFixture _fixture = new(store);
    private SyntheticWebServer _web = null!;

    public async ValueTask InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions
        {
            Addresses = SyntheticWebOptions.LoopbackHosts(8, skip: 50),
            Latency = TimeSpan.FromMilliseconds(40),
            SitePages = 40,
            SiteDeepChain = 5,
            SiteImages = 4,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task Losing_the_silo_of_the_batch_loses_no_url_and_reports_none_twice()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var urls = Enumerable.Range(0, 240).Select(i => _web.Url(i % 8, $"/slow/150?i={i}").ToString()).ToList();
        var batch = await TestBatches.StartAsync(_fixture.Grains, urls, new BatchOptions { PerHostConcurrency = 2, Retries = 0 });
        var doomed = (await batch.GetStatusAsync())!.Silo;

        await _web.Total.WaitForRequestsAsync(60, cancellation);
        // Killed, not stopped: no graceful deactivation, no hand-over; its queues and in-flight requests are lost.
        await _fixture.Cluster.KillSiloAsync(_fixture.Cluster.Silos.Single(s => s.Name == doomed), cancellation);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(120));

        Assert.Equal(240, results.Count);
        Assert.Equal(Enumerable.Range(0, 240), results.Select(r => r.Index).Order());
        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        var status = await batch.GetStatusAsync();
        Assert.Equal((JobState.Completed, 240, 240), (status!.State, status.Done, status.Ok));
        Assert.NotEqual(doomed, status.Silo);
        Assert.Contains(results, r => r.Silo == doomed); // it did work before it died
    }

    [Fact]
    public async Task A_crawl_survives_the_loss_of_its_silo_and_still_finds_every_page_once()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var site = _web.Site;
        var truth = site.Crawl(site.Seed);
        var options = new BatchOptions
        {
            PerHostConcurrency = 2,
            Retries = 0,
            Crawl = new CrawlSettings { MaxDepth = 100, MaxPages = 10_000, Scope = CrawlScopeKind.Hosts, Hosts = [.. site.Hosts.Select(h => h.Host)], Resources = false },
        };
        var batch = await TestBatches.StartAsync(_fixture.Grains, [site.Seed.ToString()], options, BatchKind.Crawl);
        var doomed = (await batch.GetStatusAsync())!.Silo;

        await _web.Total.WaitForRequestsAsync(60, cancellation);
        await _fixture.Cluster.KillSiloAsync(_fixture.Cluster.Silos.Single(s => s.Name == doomed), cancellation);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(120));

        Assert.Equal(results.Count, results.Select(r => r.Index).Distinct().Count());
        Assert.Equal(results.Count, results.Select(r => r.Url).Distinct().Count()); // each URL listed once
        Assert.Equal(truth.Pages.Keys.Order(), results.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).Distinct().Order());
        Assert.Equal(truth.Blocked.Order(), results.Where(r => r.Outcome == "excluded").Select(r => r.Url).Order());
        var status = await batch.GetStatusAsync();
        Assert.Equal((JobState.Completed, results.Count), (status!.State, status.Total));
        Assert.NotEqual(doomed, status.Silo);
    }

    [Fact]
    public async Task A_crawl_carries_on_after_the_whole_cluster_restarts()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var site = _web.Site;
        var truth = site.Crawl(site.Seed);
        var options = new BatchOptions
        {
            PerHostConcurrency = 1,
            Retries = 0,
            Crawl = new CrawlSettings { MaxDepth = 100, MaxPages = 10_000, Scope = CrawlScopeKind.Hosts, Hosts = [.. site.Hosts.Select(h => h.Host)], Resources = false },
        };
        var id = (await TestBatches.StartAsync(_fixture.Grains, [site.Seed.ToString()], options, BatchKind.Crawl)).GetPrimaryKeyString();

        await _web.Total.WaitForRequestsAsync(60, cancellation);
        // Every silo goes, then a new cluster of as many starts on the same store; the crawl is woken by the reader.
        await _fixture.Cluster.StopAllSilosAsync(cancellation);
        var before = _web.Total.Requests;
        await _fixture.Cluster.StartAdditionalSilosAsync(ClusterFixture.SiloCount, startAdditionalSiloOnNewPort: true, cancellation);
        await _fixture.Cluster.InitializeClientAsync(cancellation);
        var batch = _fixture.Grains.GetGrain<IBatchGrain>(id);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(120));

        Assert.True(before < truth.Pages.Count, "the crawl had finished before the restart");
        Assert.Equal(results.Count, results.Select(r => r.Url).Distinct().Count());
        Assert.Equal(truth.Pages.Keys.Order(), results.Where(r => r.Outcome == "ok").Select(r => r.FinalUrl!).Distinct().Order());
        Assert.Equal(truth.Blocked.Order(), results.Where(r => r.Outcome == "excluded").Select(r => r.Url).Order());
        Assert.Equal(JobState.Completed, (await batch.GetStatusAsync())!.State);
    }
}
