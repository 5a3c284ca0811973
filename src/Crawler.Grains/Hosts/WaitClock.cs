using Crawler.Contracts.Batches;

namespace Crawler.Grains.Hosts;

/// <summary>Why a host lane's next URL cannot start right now.</summary>
internal enum HoldReason
{
    None,
    /// <summary>The batch's share of this host is in use: the batch's limit.</summary>
    Batch,
    /// <summary>The host's own limit: its requests in flight, every batch's.</summary>
    Host,
    /// <summary>The least time between two starts (the batch's delay, robots.txt's Crawl-delay, a throttling penalty).</summary>
    Delay,
    /// <summary>The whole host asked for a pause.</summary>
    RetryAfter,
    /// <summary>The silo's probe slots are all taken.</summary>
    Silo,
}

/// <summary>
/// A stopwatch per <see cref="HoldReason"/> for one lane: how long its due URLs were held for each reason since it began.
/// A URL's wait for each reason is the clocks' advance between its arrival (or its due time) and its start, so that a
/// lane of thousands of URLs costs one update per change of reason, not one per URL.
/// </summary>
internal sealed class WaitClock(TimeProvider time)
{
    private readonly double[] _heldMs = new double[6];
    private HoldReason _holding;
    private long _since;

    /// <summary>From <paramref name="now"/> on, the lane is held for <paramref name="reason"/>.</summary>
    public void Hold(HoldReason reason, long now)
    {
        if (reason == _holding)
        {
            return;
        }

        Close(now);
        _holding = reason;
    }

    /// <summary>The clocks at <paramref name="now"/>.</summary>
    public double[] Read(long now)
    {
        Close(now);
        return (double[])_heldMs.Clone();
    }

    /// <summary>
    /// What a URL that became due at <paramref name="dueAt"/> (when the clocks read <paramref name="then"/>) waited for each
    /// reason until <paramref name="now"/>: the clocks' advance, scaled down to the time it really waited when the lane's
    /// holds and its own wait overlapped.
    /// </summary>
    public WaitTimes Since(double[] then, long dueAt, long now)
    {
        var clocks = Read(now);
        var held = new double[clocks.Length];
        for (var i = 0; i < clocks.Length; i++)
        {
            held[i] = Math.Max(0, clocks[i] - then[i]);
        }

        var waited = now > dueAt ? time.GetElapsedTime(dueAt, now).TotalMilliseconds : 0;
        var sum = held.Sum();
        var scale = sum > waited && sum > 0 ? waited / sum : 1;
        return new WaitTimes(
            BatchMs: held[(int)HoldReason.Batch] * scale,
            HostMs: held[(int)HoldReason.Host] * scale,
            DelayMs: held[(int)HoldReason.Delay] * scale,
            RetryAfterMs: held[(int)HoldReason.RetryAfter] * scale,
            SiloMs: held[(int)HoldReason.Silo] * scale);
    }

    private void Close(long now)
    {
        if (_holding != HoldReason.None)
        {
            _heldMs[(int)_holding] += time.GetElapsedTime(_since, now).TotalMilliseconds;
        }

        _since = now;
    }
}
