namespace Crawler.Primes.Tests;

public sealed class SieveWorkTests
{
    [Theory]
    [InlineData(0UL, 1_000_000_000_000UL, 16)]
    [InlineData(0UL, 10_000_000_000UL, 7)]
    [InlineData(1_000_000_000_000UL, 10_000_000_000_000UL, 64)]
    [InlineData(12_345UL, 987_654_321_987UL, 33)]
    public void PartsCoverTheRangeWithBalancedWork(ulong from, ulong to, int parts)
    {
        var split = SieveWork.Split(from, to, parts);
        Assert.Equal(parts, split.Count);
        Assert.Equal(from, split[0].From);
        Assert.Equal(to, split[^1].To);
        for (var i = 0; i < split.Count; i++)
        {
            Assert.True(split[i].From < split[i].To);
            if (i > 0)
            {
                Assert.Equal(split[i - 1].To, split[i].From);
                Assert.Equal(0UL, split[i].From % 240);
            }
        }

        var estimates = split.Select(p => SieveWork.Estimate(p.From, p.To)).ToList();
        Assert.True(estimates.Max() / estimates.Min() < 1.02, string.Join(", ", estimates));

        // Balanced by work, not width: the parts get narrower as √to and the crossings per number grow.
        if (from == 0 && parts >= 16)
        {
            Assert.True(split[0].To - split[0].From > split[^1].To - split[^1].From);
        }
    }

    [Fact]
    public void SmallAndEmptyRanges()
    {
        Assert.Empty(SieveWork.Split(10, 10, 4));
        Assert.Equal([(0UL, 100UL)], SieveWork.Split(0, 100, 4));
        Assert.Equal(3, SieveWork.Split(0, 3_000_000, 8, minWidth: 1_000_000).Count);
        Assert.Equal(0, SieveWork.Estimate(5, 5));
        Assert.True(SieveWork.Estimate(1_000_000_000_000, 1_001_000_000_000) > SieveWork.Estimate(0, 1_000_000_000));
    }
}
