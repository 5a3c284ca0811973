using Crawler.Probing.Scheduling;

namespace Crawler.Probing.Tests;

public sealed class BackoffPolicyTests
{
    [Fact]
    public void Waits_double_from_the_first_and_stop_at_the_cap()
    {
        var policy = new BackoffPolicy { Initial = TimeSpan.FromMilliseconds(200), Max = TimeSpan.FromSeconds(1) };

        Assert.Equal([200, 400, 800, 1000, 1000], Enumerable.Range(1, 5).Select(n => policy.Delay(n).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Delay(int.MaxValue));
        Assert.Equal(TimeSpan.FromMilliseconds(200), policy.Next(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(800), policy.Next(TimeSpan.FromMilliseconds(400)));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Next(TimeSpan.FromMilliseconds(900)));
    }

    [Fact]
    public void Jitter_spreads_waits_within_its_fraction_and_both_ways()
    {
        var waits = Enumerable.Range(0, 1_000).Select(_ => BackoffPolicy.Retries.Delay(2).TotalMilliseconds).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, 800, 1_200)); // 1 s ± 20 %
        Assert.True(waits.Min() < 950 && waits.Max() > 1_050, $"{waits.Min()}..{waits.Max()}");
    }

    [Fact]
    public void The_policies_in_use_start_where_they_say()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(200), BackoffPolicy.Reports.Delay(1));
        Assert.Equal(TimeSpan.FromSeconds(10), BackoffPolicy.Reports.Delay(20));
        Assert.InRange(BackoffPolicy.Retries.Delay(100).TotalSeconds, 24, 36); // capped at 30 s, then spread
    }
}
