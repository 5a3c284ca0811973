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
    public void A_few_throttled_urls_among_many_good_answers_never_slow_the_host()
    {
        var politeness = new HostPoliteness(_time);
        for (var i = 0; i < 200; i++)
        {
            // 2 % of the answers are a 429 with Retry-After: that URL's business, not the host's.
            Assert.Null(politeness.Answered(i % 50 == 7, TimeSpan.FromSeconds(1)));
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, false), (politeness.Penalty, politeness.PauseRemaining, politeness.ThrottlesAsAWhole));
        Assert.Equal(TimeSpan.Zero, politeness.TimeUntilNextStart(4, TimeSpan.Zero));
    }

    [Fact]
    public void Two_throttling_answers_in_a_row_are_not_yet_a_pattern()
    {
        var politeness = new HostPoliteness(_time);
        Assert.Null(politeness.Answered(true, TimeSpan.FromSeconds(5)));
        Assert.Null(politeness.Answered(true, TimeSpan.FromSeconds(5)));
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (politeness.Penalty, politeness.PauseRemaining));
    }

    [Fact]
    public void A_host_throttling_a_real_share_of_its_answers_is_slowed_and_paused_as_a_whole()
    {
        var politeness = new HostPoliteness(_time, new ThrottlingPolicy { Penalty = new BackoffPolicy { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(4) } });
        for (var i = 0; i < 12; i++)
        {
            politeness.Answered(false);
        }

        // Three of fifteen is a fifth: still below a quarter.
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(politeness.Answered(true, TimeSpan.FromSeconds(2)));
        }

        var until = politeness.Answered(true, TimeSpan.FromSeconds(2)); // four of sixteen: a quarter
        Assert.True(politeness.ThrottlesAsAWhole);
        Assert.NotNull(until);
        Assert.InRange(until!.Value - _time.GetUtcNow(), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2));
        Assert.Equal(TimeSpan.FromSeconds(1), politeness.Penalty);

        politeness.Answered(true, null);
        politeness.Answered(true, null);
        politeness.Answered(true, null);
        Assert.Equal(TimeSpan.FromSeconds(4), politeness.Penalty); // 1, 2, 4, capped at 4
        Assert.InRange(politeness.TimeUntilNextStart(4, TimeSpan.Zero)!.Value, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2.2));
    }

    [Fact]
    public void Good_answers_forgive_a_throttling_host_quickly_and_so_does_quiet_time()
    {
        var politeness = new HostPoliteness(_time, new ThrottlingPolicy { Penalty = new BackoffPolicy { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(8) }, ForgiveAfter = TimeSpan.FromSeconds(5) });
        for (var i = 0; i < 6; i++)
        {
            politeness.Answered(true);
        }

        Assert.Equal(TimeSpan.FromSeconds(8), politeness.Penalty);

        // The six throttling answers keep the host slowed while they are a quarter of its last 20: fifteen good answers on,
        // five of them are still in the window.
        for (var i = 0; i < 15; i++)
        {
            politeness.Answered(false);
        }

        Assert.Equal(TimeSpan.FromSeconds(8), politeness.Penalty);
        politeness.Answered(false);
        Assert.False(politeness.ThrottlesAsAWhole);
        Assert.Equal(TimeSpan.FromSeconds(4), politeness.Penalty);
        politeness.Answered(false);
        Assert.Equal(TimeSpan.FromSeconds(2), politeness.Penalty);

        // A host slowed to a crawl answers little: quiet time forgives too.
        _time.Advance(TimeSpan.FromSeconds(5));
        politeness.TimeUntilNextStart(4, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(1), politeness.Penalty);
        _time.Advance(TimeSpan.FromSeconds(5));
        politeness.TimeUntilNextStart(4, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, politeness.Penalty);
    }

    [Fact]
    public void Old_answers_leave_the_window()
    {
        var politeness = new HostPoliteness(_time, new ThrottlingPolicy { WindowAge = TimeSpan.FromSeconds(30) });
        for (var i = 0; i < 4; i++)
        {
            politeness.Answered(true);
        }

        Assert.True(politeness.ThrottlesAsAWhole);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(politeness.ThrottlesAsAWhole);
        Assert.Null(politeness.Answered(true, TimeSpan.FromSeconds(1))); // one throttling answer again: that URL's wait only
    }

    [Fact]
    public void A_whole_host_pause_is_capped_and_never_shortened_by_the_jitter()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var politeness = new HostPoliteness(_time, new ThrottlingPolicy { MaxPause = TimeSpan.FromSeconds(30), Penalty = new BackoffPolicy { Jitter = 0.5 } });
            politeness.Answered(true);
            politeness.Answered(true);
            var wait = i % 2 == 0 ? TimeSpan.FromSeconds(2) : TimeSpan.FromMinutes(10);
            var until = politeness.Answered(true, wait);
            var expected = i % 2 == 0 ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(30);
            Assert.InRange(until!.Value - _time.GetUtcNow(), expected, expected * 1.5);
            Assert.InRange(politeness.PauseRemaining, expected, expected * 1.5);
        }
    }
}
