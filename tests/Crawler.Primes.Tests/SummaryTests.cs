namespace Crawler.Primes.Tests;

public sealed class SummaryTests
{
    private const ulong TwoToThe32 = 1UL << 32;

    public static TheoryData<ulong, ulong> EdgeRanges => new()
    {
        { 0, 10 }, { 2, 3 }, { 1, 2 }, { 0, 0 }, { 5, 5 }, { 7, 3 }, { 0, 1 }, { 0, 2 }, { 0, 3 }, { 2, 8 }, { 3, 8 },
        { 4, 6 }, { 5, 7 }, { 5, 8 }, { 6, 7 }, { 7, 8 }, { 7, 60 }, { 29, 32 }, { 30, 31 }, { 31, 32 }, { 0, 240 },
        { 239, 242 }, { 1, 983_041 }, { 983_039, 983_041 }, { 983_000, 984_000 }, { 1_000_000, 1_000_000 },
        { 3_000_000, 3_000_120 }, { 1_966_079, 5_900_000 }, { 0, 7_864_321 },
        { TwoToThe32 - 100_000, TwoToThe32 + 100_000 }, { TwoToThe32 - 3, TwoToThe32 + 18 }, { TwoToThe32, TwoToThe32 + 1 },
    };

    [Theory]
    [MemberData(nameof(EdgeRanges))]
    public void MatchesTheReferenceOnEdgeRanges(ulong from, ulong to) => AssertMatchesReference(from, to);

    [Fact]
    public void MatchesTheReferenceOnRandomRanges()
    {
        var seeded = new Random(4);
        var unseeded = new Random();
        for (var i = 0; i < 150; i++)
        {
            var random = i % 3 == 0 ? unseeded : seeded;
            var scale = random.Next(4) switch { 0 => 1_000UL, 1 => 100_000UL, 2 => 10_000_000UL, _ => 1UL << 40 };
            var from = (ulong)random.NextInt64((long)scale);
            var to = from + (ulong)random.NextInt64(i % 10 == 0 ? 3_000_000 : 20_000);
            AssertMatchesReference(from, to);
        }
    }

    [Theory]
    [InlineData(10_000_000_000_000UL, 10_000_001_000_000UL)]
    [InlineData(9_999_999_000_001UL, 10_000_000_000_017UL)]
    [InlineData(1_000_000_000_000_000UL, 1_000_000_000_200_000UL)]
    [InlineData(10_000_000_000_000_000UL, 10_000_000_000_100_000UL)]
    public void MatchesMillerRabinNearTheTop(ulong from, ulong to)
    {
        var expected = new List<ulong>();
        for (var n = from; n < to; n++)
        {
            if (MillerRabin.IsPrime(n))
            {
                expected.Add(n);
            }
        }

        Assert.Equal(Reference.Summarize(from, to, expected), PrimeSieve.Summarize(from, to, TestContext.Current.CancellationToken));
        Assert.Equal(expected.Count, PrimeSieve.Count(from, to, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(3, 35)]
    [InlineData(4, 205)]
    [InlineData(5, 1224)]
    [InlineData(6, 8169)]
    [InlineData(7, 58980)]
    [InlineData(8, 440312)]
    [InlineData(9, 3424506)]
    public void CountsTwinPrimesBelowPowersOfTen(int k, long twins)
    {
        var n = (ulong)Math.Pow(10, k);
        Assert.Equal(twins, PrimeSieve.Summarize(0, n, TestContext.Current.CancellationToken).TwinPairs);
        if (k <= 7)
        {
            Assert.Equal(twins, Reference.Summarize(0, n, Reference.Primes(0, n)).TwinPairs);
        }
    }

    [Theory]
    [InlineData(1_000_000UL, 114UL, 492_113UL)]
    [InlineData(10_000_000UL, 154UL, 4_652_353UL)]
    [InlineData(1_000_000_000UL, 282UL, 436_273_009UL)]
    public void FindsTheLargestGapsBelow(ulong n, ulong gap, ulong after)
    {
        var summary = PrimeSieve.Summarize(0, n, TestContext.Current.CancellationToken);
        Assert.Equal(gap, summary.LargestGap);
        Assert.Equal(after, summary.LargestGapAfter);
        if (n <= 10_000_000)
        {
            Assert.Equal(summary, Reference.Summarize(0, n, Reference.Primes(0, n)));
        }
    }

    [Fact]
    public void CombiningPiecesGivesTheWhole()
    {
        var random = new Random(7);
        foreach (var (from, to) in new[] { (0UL, 2_000_000UL), (1_000_003UL, 1_300_000UL), ((1UL << 32) - 50_000, (1UL << 32) + 50_000) })
        {
            var whole = PrimeSieve.Summarize(from, to, TestContext.Current.CancellationToken);
            var cuts = Enumerable.Range(0, 60).Select(_ => from + (ulong)random.NextInt64((long)(to - from)))
                .Concat([from, from + 1, from + 2, from + 5, to - 1, to]).Where(c => c >= from && c <= to).Distinct().Order().ToList();
            var combined = RangeSummary.Empty(from, from);
            for (var i = 1; i < cuts.Count; i++)
            {
                combined = RangeSummary.Combine(combined, PrimeSieve.Summarize(cuts[i - 1], cuts[i], TestContext.Current.CancellationToken));
            }

            Assert.Equal(whole, combined);
        }
    }

    [Fact]
    public void CombineJoinsTwinsAndGapsAcrossTheBoundary()
    {
        var left = PrimeSieve.Summarize(0, 12, TestContext.Current.CancellationToken);
        var right = PrimeSieve.Summarize(12, 14, TestContext.Current.CancellationToken);
        Assert.Equal(PrimeSieve.Summarize(0, 14, TestContext.Current.CancellationToken), RangeSummary.Combine(left, right));
        Assert.Equal(3, RangeSummary.Combine(left, right).TwinPairs);
        Assert.Throws<ArgumentException>(() => RangeSummary.Combine(left, PrimeSieve.Summarize(13, 14, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public void ListsAndEnumeratesThePrimes()
    {
        var cancellation = TestContext.Current.CancellationToken;
        foreach (var (from, to) in new[] { (0UL, 100UL), (999_000UL, 1_100_000UL), ((1UL << 32) - 1000, (1UL << 32) + 1000) })
        {
            var expected = Reference.Primes(from, to);
            var buffer = new ulong[expected.Count + 5];
            var written = PrimeSieve.ListPrimes(from, to, buffer, cancellation);
            Assert.Equal(expected, buffer[..written]);
            Assert.Equal(expected, PrimeSieve.Primes(from, to, cancellation));
        }

        var small = new ulong[10];
        Assert.Equal(10, PrimeSieve.ListPrimes(0, 1000, small, cancellation));
        Assert.Equal(29UL, small[^1]);
        Assert.Equal(0, PrimeSieve.ListPrimes(10, 5, small, cancellation));
    }

    [Fact]
    public void StopsWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => PrimeSieve.Summarize(0, 1_000_000_000, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => PrimeSieve.Count(0, 1_000_000_000, cancelled.Token));
    }

    private static void AssertMatchesReference(ulong from, ulong to)
    {
        var expected = Reference.Primes(from, to);
        Assert.Equal(to <= from ? RangeSummary.Empty(from, Math.Max(from, to)) : Reference.Summarize(from, to, expected), PrimeSieve.Summarize(from, to, TestContext.Current.CancellationToken));
        Assert.Equal(expected.Count, PrimeSieve.Count(from, to, TestContext.Current.CancellationToken));
    }
}
