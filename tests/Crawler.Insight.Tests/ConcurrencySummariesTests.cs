using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Insight.Tests;

public sealed class ConcurrencySummariesTests
{
    private static readonly DateTimeOffset Zero = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static (string, DateTimeOffset, DateTimeOffset, DateTimeOffset) Item(string lane, int queued, int started, int finished) =>
        (lane, Zero.AddMilliseconds(queued), Zero.AddMilliseconds(started), Zero.AddMilliseconds(finished));

    [Fact]
    public void A_timeline_whose_times_are_known_gives_exact_figures()
    {
        // a: 0-100 and b: 50-150 on host x overlap for 50 ms; c on host y runs 150-250 after waiting 50 ms.
        var summary = ConcurrencySummaries.Of([Item("x", 0, 0, 100), Item("x", 0, 50, 150), Item("y", 100, 150, 250)]);

        Assert.Equal((3, 250.0, 2), (summary.Items, summary.WallMs, summary.MaxInFlight));
        Assert.Equal(1.2, summary.MeanInFlight); // 300 item-ms over 250 ms
        Assert.Equal(1.2, summary.SpeedUp); // 300 ms one at a time, 250 ms as run
        Assert.Equal(new Percentiles(50, 50, 50, 50), summary.QueueWaitMs);
        Assert.Equal(new Percentiles(100, 100, 100, 100), summary.RunMs);
        Assert.Equal([new LaneSummary("x", 2, 2, 150), new LaneSummary("y", 1, 1, 100)], summary.Lanes);
    }

    [Fact]
    public void An_item_that_starts_as_another_ends_does_not_overlap_it()
    {
        var summary = ConcurrencySummaries.Of([Item("x", 0, 0, 100), Item("x", 0, 100, 200)]);

        Assert.Equal((1, 1.0, 1.0), (summary.MaxInFlight, summary.MeanInFlight, summary.SpeedUp));
        Assert.Equal(200, summary.Lanes.Single().BusyMs);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_and_ten_at_once_is_a_speed_up_of_ten()
    {
        var summary = ConcurrencySummaries.Of([.. Enumerable.Range(1, 10).Select(i => Item($"h{i}", 0, 0, 100 * i))]);

        Assert.Equal(new Percentiles(500, 900, 1000, 1000), summary.RunMs);
        Assert.Equal((10, 5.5), (summary.MaxInFlight, summary.SpeedUp)); // 5,500 ms of work in 1,000 ms
    }

    [Fact]
    public void What_held_urls_back_is_summed_for_all_and_for_each_lane()
    {
        var summary = ConcurrencySummaries.OfUrls(
        [
            ("x", Zero, Zero.AddMilliseconds(10), Zero.AddMilliseconds(20), new WaitTimes(BatchMs: 5, HostMs: 5)),
            ("x", Zero, Zero.AddMilliseconds(1_010), Zero.AddMilliseconds(1_020), new WaitTimes(RetryAfterMs: 1_000, DelayMs: 10.04)),
            ("y", Zero, Zero.AddMilliseconds(30), Zero.AddMilliseconds(40), new WaitTimes(SiloMs: 30)),
            ("y", Zero, Zero, Zero.AddMilliseconds(5), null),
        ]);

        Assert.Equal(new WaitTimes(BatchMs: 5, HostMs: 5, DelayMs: 10, RetryAfterMs: 1_000, SiloMs: 30), summary.Waited);
        Assert.Equal(1_050, summary.Waited!.TotalMs);
        Assert.Equal([("x", 1_020.0), ("y", 30.0)], summary.Lanes.Select(l => (l.Lane, l.Waited!.TotalMs)));
        Assert.Equal(4, summary.Items);
    }

    [Fact]
    public void Nothing_gives_zeros()
    {
        var summary = ConcurrencySummaries.Of([]);

        Assert.Equal((0, 0, 0.0), (summary.Items, summary.MaxInFlight, summary.SpeedUp));
        Assert.Empty(summary.Lanes);
    }
}
