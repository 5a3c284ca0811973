using Crawler.Contracts;
using Crawler.Contracts.Primes;

using Crawler.Testing;

namespace Crawler.Grains.Tests.Primes;

/// <summary>A silo dies in the middle of a prime job; its own cluster, since the test breaks it.</summary>
public sealed class PrimeSiloLossTests(StoreFixture store) : IAsyncLifetime
{
    private readonly ClusterFixture _fixture = new(store);

    public ValueTask InitializeAsync() => _fixture.InitializeAsync();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Losing_the_silo_of_the_job_recomputes_its_partitions_and_the_count_is_still_exact()
    {
        var cancellation = TestContext.Current.CancellationToken;
        const ulong to = 3_000_000_000;
        var job = await PrimeJobs.StartAsync(_fixture.Grains, new PrimeJobRequest { From = 0, To = to, Partitions = 200 });
        var doomed = (await job.GetStatusAsync())!.Silo;

        while ((await job.GetStatusAsync())!.PartitionsDone < 20)
        {
            await job.ReadResultsAsync(long.MaxValue, 0, TimeSpan.FromSeconds(1), cancellation);
        }

        // Killed, not stopped: the job's grain and the partitions computing or queued there are lost.
        await _fixture.Cluster.KillSiloAsync(_fixture.Cluster.Silos.Single(s => s.Name == doomed), cancellation);
        var lines = PrimeJobs.Parse(await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(180)), CrawlerJson.Default.PrimePartitionLine);

        var status = (await job.GetStatusAsync())!;
        Assert.Equal(JobState.Completed, status.State);
        var expected = Crawler.Primes.PrimeSieve.Summarize(0, to, cancellation);
        Assert.Equal(
            new PrimeSummary(0, to, expected.Count, expected.TwinPairs, expected.FirstPrime, expected.LastPrime, expected.LargestGap, expected.LargestGapAfter),
            status.Summary);
        Assert.Equal(Enumerable.Range(0, 200), lines.Select(l => l.Partition).Order());
        Assert.NotEqual(doomed, status.Silo);
        // (How many were computed again depends on where the killed silo was: an in-process silo that is killed
        // may still finish the partition it was computing; the count must be exact either way.)
        Assert.Equal(200, status.Silos.Values.Sum());
    }
}
