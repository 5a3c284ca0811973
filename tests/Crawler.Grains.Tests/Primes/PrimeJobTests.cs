using System.Diagnostics;
using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;
using Crawler.Primes;
using Crawler.Testing;

namespace Crawler.Grains.Tests.Primes;

/// <summary>Prime jobs on a three-silo cluster: partitions spread over the silos, results right to the last prime.</summary>
public sealed class PrimeJobTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Counting_to_1e8_over_every_silo_gives_the_known_count_twins_and_largest_gap()
    {
        var job = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { From = 0, To = 100_000_000 });

        var lines = PrimeJobs.Parse(await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(120)), CrawlerJson.Default.PrimePartitionLine);
        var status = (await job.GetStatusAsync())!;

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(new PrimeSummary(0, 100_000_000, 5_761_455, 440_312, 2, 99_999_989, 220, 47_326_693), status.Summary);
        // One line per partition; together they cover the range exactly once.
        Assert.Equal(status.Partitions, lines.Count);
        Assert.True(status.Partitions >= ClusterFixture.SiloCount * 2, $"only {status.Partitions} partitions");
        Assert.Equal(Enumerable.Range(0, status.Partitions), lines.Select(l => l.Partition).Order());
        var ordered = lines.OrderBy(l => l.From).ToList();
        Assert.Equal(0UL, ordered[0].From);
        Assert.Equal(100_000_000UL, ordered[^1].To);
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.Equal(5_761_455, lines.Sum(l => l.Count));
        // Placed in turn on every silo, and the job says how many each ran.
        Assert.Equal(ClusterFixture.SiloCount, status.Silos.Count);
        Assert.Equal(status.Partitions, status.Silos.Values.Sum());
        Assert.Equal(status.Silos, lines.GroupBy(l => l.Silo).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task A_short_job_beside_a_long_one_waits_for_a_piece_of_it_not_for_all_of_it()
    {
        // π(10^12) keeps every sieve worker of the cluster busy for minutes; π(10^7) is a few milliseconds of work.
        var longJob = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { To = 1_000_000_000_000 });
        try
        {
            var started = Stopwatch.GetTimestamp();
            var shortJob = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { To = 10_000_000 });
            await TestBatches.ReadLinesAsync(shortJob, TimeSpan.FromSeconds(60));
            var took = Stopwatch.GetElapsedTime(started);
            var (shortStatus, longStatus) = ((await shortJob.GetStatusAsync())!, (await longJob.GetStatusAsync())!);

            TestContext.Current.TestOutputHelper?.WriteLine($"π(10^7) beside π(10^12): {took.TotalSeconds:0.00} s");
            Assert.Equal(664_579, shortStatus.Summary!.Count);
            Assert.Equal(JobState.Running, longStatus.State);
            Assert.True(took < TimeSpan.FromSeconds(10), $"the short job took {took.TotalSeconds:0.0} s beside the long one");
        }
        finally
        {
            await longJob.PurgeAsync();
        }
    }

    [Fact]
    public async Task A_range_across_2_to_the_32_agrees_with_a_single_sieve_of_the_same_range()
    {
        const ulong from = (1UL << 32) - 3_000_017, to = (1UL << 32) + 2_999_989;
        var job = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { From = from, To = to, Partitions = 7 });

        await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(60));
        var status = (await job.GetStatusAsync())!;

        Assert.Equal(7, status.Partitions);
        Assert.Equal(PrimeSieve.Summarize(from, to, TestContext.Current.CancellationToken), Engine(status.Summary!));
    }

    [Fact]
    public async Task A_list_job_streams_every_prime_of_its_range_in_order()
    {
        const ulong from = 1_000_000_000_000, to = from + 200_000;
        var job = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { Kind = PrimeJobKind.List, From = from, To = to, Partitions = 5 });

        var primes = PrimeJobs.Parse(await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(60)), CrawlerJson.Default.PrimeLine).Select(l => l.Prime).ToList();

        var expected = Enumerable.Range(0, 200_000).Select(i => from + (ulong)i).Where(MillerRabin.IsPrime).ToList();
        Assert.Equal(expected, primes);
        Assert.Equal(expected.Count, (await job.GetStatusAsync())!.Summary!.Count);
    }

    [Fact]
    public async Task The_is_prime_map_answers_every_number_in_the_order_given()
    {
        ulong[] special = [0, 1, 2, 3, 4, 561, 3_215_031_751, 2_305_843_009_213_693_951, 18_446_744_073_709_551_557, ulong.MaxValue];
        var random = new Random(4);
        var numbers = special.Concat(Enumerable.Range(0, 20_000).Select(_ => (ulong)random.NextInt64(0, 2_000_000))).ToList();

        var job = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { Numbers = numbers });
        var answers = PrimeJobs.Parse(await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(60)), CrawlerJson.Default.IsPrimeLine);

        Assert.Equal(Enumerable.Range(0, numbers.Count), answers.Select(a => a.Index));
        Assert.Equal(numbers, answers.Select(a => a.Number));
        bool[] specialExpected = [false, false, true, true, false, false, false, true, true, false];
        Assert.Equal(specialExpected, answers.Take(special.Length).Select(a => a.Prime));
        Assert.All(answers.Skip(special.Length), a => Assert.Equal(TrialDivision(a.Number), a.Prime));
        Assert.True((await job.GetStatusAsync())!.Partitions > 1);
    }

    [Fact]
    public async Task A_cancelled_job_stops_and_keeps_what_finished()
    {
        var job = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { From = 0, To = 1_000_000_000_000, Partitions = 200 });

        var cancelled = (await job.CancelAsync())!;
        var lines = await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.True(cancelled.PartitionsDone < 200);
        Assert.Null(cancelled.Summary);
        Assert.Equal(JobState.Cancelled, (await job.GetStatusAsync())!.State);
        Assert.Equal(cancelled.PartitionsDone, lines.Count);
    }

    [Fact]
    public async Task An_empty_range_completes_with_no_primes()
    {
        var job = await PrimeJobs.StartAsync(fixture.Grains, new PrimeJobRequest { From = 1_000, To = 1_000 });

        var lines = await TestBatches.ReadLinesAsync(job, TimeSpan.FromSeconds(30));
        var status = (await job.GetStatusAsync())!;

        Assert.Equal((JobState.Completed, 0L, (ulong?)null), (status.State, status.Summary!.Count, status.Summary.FirstPrime));
        Assert.Single(lines);
    }

    [Fact]
    public async Task An_invalid_job_is_refused()
    {
        var job = fixture.Grains.GetGrain<IPrimeJobGrain>(Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => job.StartAsync(new PrimeJobRequest { From = 10, To = 5 }, JobTerms.Default));

        Assert.Contains("from", error.Message, StringComparison.Ordinal);
        Assert.Null(await job.GetStatusAsync());
    }

    private static RangeSummary Engine(PrimeSummary s) =>
        new(s.From, s.To, s.Count, s.TwinPairs, s.FirstPrime, s.LastPrime, s.LargestGap, s.LargestGapAfter);

    private static bool TrialDivision(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        for (ulong d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
