using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Crawler.Probing.Tests;

public sealed class HostPolitenessTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_host_waits_for_a_request_to_finish()
    {
        var politeness = new HostPoliteness(_time);
        Assert.Equal(TimeSpan.Zero, politeness.TimeUntilNextStart(2, TimeSpan.Zero));
        politeness.Started();
        politeness.Started();

        Assert.Null(politeness.TimeUntilNextStart(2, TimeSpan.Zero));
        Assert.Equal(2, politeness.InFlight);

        politeness.Finished();
        Assert.Equal(TimeSpan.Zero, politeness.TimeUntilNextStart(2, TimeSpan.Zero));
    }

    [Fact]
    public void Starts_are_spaced_by_the_minimum_delay()
    {
        var politeness = new HostPoliteness(_time);
        var delay = TimeSpan.FromSeconds(1);
        politeness.Started();
        politeness.Finished();

        Assert.Equal(delay, politeness.TimeUntilNextStart(4, delay));
        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(TimeSpan.FromMilliseconds(600), politeness.TimeUntilNextStart(4, delay));
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(TimeSpan.Zero, politeness.TimeUntilNextStart(4, delay));
    }

    [Fact]
    public void Finishing_more_than_started_is_a_bug()
    {
        var politeness = new HostPoliteness(_time);
        Assert.Throws<InvalidOperationException>(politeness.Finished);
    }
}
