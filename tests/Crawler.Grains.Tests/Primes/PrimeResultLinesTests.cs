using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Grains.Primes;

namespace Crawler.Grains.Tests.Primes;

/// <summary>A prime job's result stream from its partitions, without a cluster: order, what is readable when, paging.</summary>
public sealed class PrimeResultLinesTests
{
    [Fact]
    public void A_lists_primes_are_readable_in_order_only_as_far_as_the_partitions_done_from_the_first()
    {
        var job = Job(new PrimeJobRequest { Kind = PrimeJobKind.List, From = 0, To = 30 }, (0, 10), (10, 20), (20, 30));
        var lines = new PrimeResultLines(job);

        Add(job, lines, Listed(1, 11, 13, 17, 19));
        Assert.Equal(0, lines.Available); // partition 0 is not done: nothing may be read yet
        Add(job, lines, Listed(0, 2, 3, 5, 7));
        Assert.Equal(8, lines.Available);
        Add(job, lines, Listed(2, 23, 29));

        Assert.Equal(10, lines.Available);
        Assert.Equal([7UL, 11UL, 13UL], Primes(lines.Read(3, 3))); // across a partition's end
        Assert.Equal([23UL, 29UL], Primes(lines.Read(8, 100)));
        Assert.Empty(lines.Read(10, 5));
        Assert.Empty(lines.Missing);
    }

    [Fact]
    public void A_counts_lines_come_as_partitions_finish_and_the_summary_joins_them_in_order()
    {
        var job = Job(new PrimeJobRequest { From = 0, To = 20 }, (0, 10), (10, 20));
        var lines = new PrimeResultLines(job);

        Add(job, lines, Counted(1, new PrimeSummary(10, 20, 4, 2, 11, 19, 4, 13)));
        Assert.Equal([0], lines.Missing);
        var first = JsonSerializer.Deserialize(Assert.Single(lines.Read(0, 10)), CrawlerJson.Default.PrimePartitionLine)!;
        Assert.Equal((1, 10UL, 20UL, 4L), (first.Partition, first.From, first.To, first.Count));

        Add(job, lines, Counted(0, new PrimeSummary(0, 10, 4, 2, 2, 7, 2, 3)));
        var summary = lines.Summary();
        Assert.Equal((8L, 4L, 2UL, 19UL), (summary.Count, summary.TwinPairs, summary.FirstPrime, summary.LastPrime));
        Assert.Equal((4UL, 7UL), (summary.LargestGap, summary.LargestGapAfter)); // 7 to 11, across the partitions' join
    }

    [Fact]
    public void An_isprime_jobs_answers_keep_the_numbers_order_and_positions()
    {
        var job = Job(new PrimeJobRequest { Numbers = [4, 7, 9, 11] }, (0, 2), (2, 4));
        var lines = new PrimeResultLines(job);

        Add(job, lines, new PrimePartitionResult(1, null, null, [false, true], "silo", 0));
        Add(job, lines, new PrimePartitionResult(0, null, null, [false, true], "silo", 0));

        var answers = lines.Read(0, 10).Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.IsPrimeLine)!).ToList();
        Assert.Equal([(0, 4UL, false), (1, 7UL, true), (2, 9UL, false), (3, 11UL, true)], answers.Select(a => (a.Index, a.Number, a.Prime)));
    }

    private static PrimeJobRecord Job(PrimeJobRequest request, params (ulong From, ulong To)[] partitions) =>
        new() { State = JobState.Running, Request = request, Partitions = [.. partitions.Select(p => new PrimeRange(p.From, p.To))] };

    private static void Add(PrimeJobRecord job, PrimeResultLines lines, PrimePartitionResult result)
    {
        job.Done.Add(result);
        lines.Add(result);
    }

    private static PrimePartitionResult Listed(int index, params ulong[] primes) =>
        new(index, new PrimeSummary(0, 0, primes.Length, 0, primes[0], primes[^1], 0, null), primes, null, "silo", 0);

    private static PrimePartitionResult Counted(int index, PrimeSummary summary) => new(index, summary, null, null, "silo", 0);

    private static List<ulong> Primes(IEnumerable<string> lines) => [.. lines.Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.PrimeLine)!.Prime)];
}
