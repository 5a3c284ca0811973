namespace Crawler.Primes.Tests;

public sealed class PrimeCountTests
{
    private static readonly long[] Pi = [0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534, 455052511, 4118054813, 37607912018];

    public static TheoryData<int> SmallPowers => [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Theory]
    [MemberData(nameof(SmallPowers))]
    public void CountsPrimesBelowPowersOfTen(int k)
    {
        var n = (ulong)Math.Pow(10, k);
        Assert.Equal(Pi[k], PrimeSieve.Count(0, n, TestContext.Current.CancellationToken));
        Assert.Equal(Pi[k], PrimeSieve.Summarize(0, n, TestContext.Current.CancellationToken).Count);
    }

    [Fact]
    public void CountsPrimesBelowTenToTheTenOverPartitions() =>
        Assert.Equal(Pi[10], CountInParallel(0, 10_000_000_000, 16));

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void LucyReferenceAgreesWithTheKnownCounts(int k) =>
        Assert.Equal(Pi[k], Reference.PrimePi((ulong)Math.Pow(10, k)));

    /// <summary>
    /// π(10^11) and π(10^12) whole take minutes on two cores, so the sieve is checked on partitions of [0, 10^12) — the
    /// first, the one across 10^11 and the last of 4096 work-balanced parts — against Lucy's π(b) − π(a), Lucy itself being
    /// checked against the known π(10^11) and π(10^12) above. Set PRIMES_FULL=1 to sieve all of [0, 10^12) instead.
    /// </summary>
    [Fact]
    public void CountsPartitionsUpToTenToTheTwelve()
    {
        var cancellation = TestContext.Current.CancellationToken;
        if (Environment.GetEnvironmentVariable("PRIMES_FULL") == "1")
        {
            Assert.Equal(Pi[11], CountInParallel(0, 100_000_000_000, 64));
            Assert.Equal(Pi[12], CountInParallel(0, 1_000_000_000_000, 512));
            return;
        }

        // 10^12 is composite, so π(10^12 − 1) = π(10^12): the last part needs one Lucy count, the first none above 10^9.
        var parts = SieveWork.Split(0, 1_000_000_000_000, 4096);
        var middle = parts.First(p => p.To > 100_000_000_000);
        (ulong From, ulong To, Func<long> Expected)[] checks =
        [
            (parts[0].From, parts[0].To, () => Reference.PrimePi(parts[0].To - 1)),
            (middle.From, middle.To, () => Reference.PrimePi(middle.To - 1) - Reference.PrimePi(middle.From - 1)),
            (parts[^1].From, parts[^1].To, () => Pi[12] - Reference.PrimePi(parts[^1].From - 1)),
        ];
        Parallel.ForEach(checks, new ParallelOptions { CancellationToken = cancellation }, check =>
            Assert.Equal(check.Expected(), PrimeSieve.Count(check.From, check.To, cancellation)));
    }

    private static long CountInParallel(ulong from, ulong to, int parts)
    {
        var ranges = SieveWork.Split(from, to, parts);
        var counts = new long[ranges.Count];
        Parallel.For(0, ranges.Count, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken },
            i => counts[i] = PrimeSieve.Count(ranges[i].From, ranges[i].To, TestContext.Current.CancellationToken));
        return counts.Sum();
    }
}
