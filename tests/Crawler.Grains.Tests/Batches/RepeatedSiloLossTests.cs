using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Grains.Tests.Batches;

/// <summary>
/// Silos die one after another under a 50,000-URL batch and a prime job — killed every few seconds, a new one started
/// each time — and both finish with each result once and exact counts. Its own cluster, since the test breaks it.
/// </summary>
public sealed class RepeatedSiloLossTests(StoreFixture store) : IAsyncLifetime
{
    private const int Urls = 50_000;
    private const int Kills = 4;
    private const ulong PrimesTo = 3_000_000_000;

    private readonly ClusterFixture _fixture = new(store);
    private SyntheticWebServer _web = null!;

    public async ValueTask InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(8, skip: 200), Latency = TimeSpan.FromMilliseconds(5) });
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_of_fifty_thousand_urls_and_a_prime_job_lose_and_double_nothing_while_silos_are_killed_one_after_another()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var urls = Enumerable.Range(0, Urls).Select(i => _web.Url(i % 8, $"/ok?repeat={i}").ToString()).ToList();
        var batch = await TestBatches.StartAsync(_fixture.Grains, urls, new BatchOptions { PerHostConcurrency = 8, MaxConcurrency = 64, Retries = 2 });
        var prime = await PrimeJobs.StartAsync(_fixture.Grains, new PrimeJobRequest { From = 0, To = PrimesTo, Partitions = 200 });

        var killed = new List<string>();
        for (var round = 0; round < Kills; round++)
        {
            // A few seconds of work between losses, measured in requests answered so that a slow machine still loses
            // its silos while the batch runs.
            await _web.Total.WaitForRequestsAsync((round + 1) * Urls / (2 * Kills), cancellation);
            var victim = _fixture.Cluster.Silos[round % _fixture.Cluster.Silos.Count];
            killed.Add(victim.Name);
            await _fixture.Cluster.KillSiloAsync(victim, cancellation);
            await _fixture.Cluster.StartAdditionalSilosAsync(1, startAdditionalSiloOnNewPort: true, cancellation);
        }

        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromMinutes(5));
        var lines = PrimeJobs.Parse(await TestBatches.ReadLinesAsync(prime, TimeSpan.FromMinutes(5)), CrawlerJson.Default.PrimePartitionLine);

        Assert.Equal(Enumerable.Range(0, Urls), results.Select(r => r.Index).Order());
        var status = (await batch.GetStatusAsync())!;
        Assert.Equal((JobState.Completed, Urls, Urls), (status.State, status.Total, status.Done));
        Assert.Equal(results.Count(r => r.Outcome == "ok"), status.Ok);
        Assert.Equal(Urls - status.Ok, status.Failed.Values.Sum() + status.Skipped.Values.Sum());
        Assert.Contains(results, r => killed.Contains(r.Silo!)); // the lost silos did work before they died

        var job = (await prime.GetStatusAsync())!;
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(Enumerable.Range(0, 200), lines.Select(l => l.Partition).Order());
        var expected = Crawler.Primes.PrimeSieve.Summarize(0, PrimesTo, cancellation);
        Assert.Equal((expected.Count, expected.TwinPairs), (job.Summary!.Count, job.Summary.TwinPairs));
        Figures.Write("repeated-silo-loss", $"{Kills} silos killed under {Urls} URLs and π({PrimesTo}): {status.Ok} ok, {results.Count(r => r.Attempts > 1)} asked again");
    }
}
