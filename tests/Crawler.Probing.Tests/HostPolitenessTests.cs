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

    [Fact]
    public void Repeated_throttling_doubles_the_delay_and_quiet_time_forgives_it()
    {
        var politeness = new HostPoliteness(_time, new ThrottlingPolicy { Penalty = new BackoffPolicy { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(4) }, ForgiveAfter = TimeSpan.FromSeconds(10) });
        politeness.Throttled(null);
        Assert.Equal(TimeSpan.Zero, politeness.Penalty); // once is not yet a pattern
        politeness.Throttled(null);
        politeness.Throttled(null);
        politeness.Throttled(null);
        politeness.Throttled(null);
        Assert.Equal(TimeSpan.FromSeconds(4), politeness.Penalty); // 1, 2, 4, capped at 4

        politeness.Started();
        politeness.Finished();
        Assert.Equal(TimeSpan.FromSeconds(4), politeness.TimeUntilNextStart(4, TimeSpan.Zero));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, politeness.TimeUntilNextStart(4, TimeSpan.Zero)); // 10 s since the last start
        Assert.Equal(TimeSpan.FromSeconds(2), politeness.Penalty); // one quiet period: halved

        _time.Advance(TimeSpan.FromSeconds(20));
        politeness.TimeUntilNextStart(4, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, politeness.Penalty); // two more: 1 s, then below the initial delay, so none
    }

    [Fact]
    public void Retry_after_pauses_the_host_capped_and_with_jitter()
    {
        var politeness = new HostPoliteness(_time, new ThrottlingPolicy { MaxPause = TimeSpan.FromSeconds(30), Penalty = new BackoffPolicy { Jitter = 0.1 } });

        var until = politeness.Throttled(TimeSpan.FromMinutes(10));

        Assert.InRange(until - _time.GetUtcNow(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(33));
        Assert.InRange(politeness.TimeUntilNextStart(4, TimeSpan.Zero)!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(33));
        _time.Advance(TimeSpan.FromSeconds(34));
        Assert.Equal(TimeSpan.Zero, politeness.PauseRemaining);
    }

    [Fact]
    public void A_retry_after_is_never_shortened_by_the_jitter()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var politeness = new HostPoliteness(_time, new ThrottlingPolicy { Penalty = new BackoffPolicy { Jitter = 0.5 } });
            politeness.Throttled(TimeSpan.FromSeconds(2));
            Assert.InRange(politeness.PauseRemaining, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        }
    }

    [Fact]
    public void Throttling_separated_by_good_answers_is_not_repeated()
    {
        var politeness = new HostPoliteness(_time);
        for (var i = 0; i < 5; i++)
        {
            politeness.Throttled(null);
            politeness.Answered();
        }

        Assert.Equal(TimeSpan.Zero, politeness.Penalty);
    }
}

