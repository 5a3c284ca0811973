namespace Crawler.Probing.Scheduling;

/// <summary>
/// The politeness of one host: at most <c>maxConcurrency</c> requests at once, starts at least a delay apart
/// (the batch's minimum, or more while the host throttles us), and none at all while it has asked for a
/// pause (Retry-After). Not thread-safe: its owner (the host's grain) serialises calls.
/// </summary>
public sealed class HostPoliteness(TimeProvider time, ThrottlingPolicy? policy = null)
{
    private readonly ThrottlingPolicy _policy = policy ?? ThrottlingPolicy.Default;
    private long? _lastStart;
    private long _lastThrottle;
    private long _pausedUntil;
    private int _throttleStreak;

    public int InFlight { get; private set; }

    /// <summary>The extra delay between requests that throttling has earned this host.</summary>
    public TimeSpan Penalty { get; private set; }

    /// <summary>What is left of the pause the host asked for; zero when it is not paused.</summary>
    public TimeSpan PauseRemaining =>
        _pausedUntil > time.GetTimestamp() ? time.GetElapsedTime(time.GetTimestamp(), _pausedUntil) : TimeSpan.Zero;

    /// <summary>
    /// How long until the next request may start: zero if now, a positive wait for a pause or a delay, or
    /// null if every slot is taken (the next chance comes when a request finishes).
    /// </summary>
    public TimeSpan? TimeUntilNextStart(int maxConcurrency, TimeSpan minDelay)
    {
        Forgive();
        var now = time.GetTimestamp();
        if (_pausedUntil > now)
        {
            return time.GetElapsedTime(now, _pausedUntil);
        }

        if (InFlight >= maxConcurrency)
        {
            return null;
        }

        var delay = minDelay > Penalty ? minDelay : Penalty;
        if (_lastStart is not { } last || delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var remaining = delay - time.GetElapsedTime(last);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    public void Started()
    {
        InFlight++;
        _lastStart = time.GetTimestamp();
    }

    public void Finished()
    {
        if (InFlight == 0)
        {
            throw new InvalidOperationException("Finished without a matching Started.");
        }

        InFlight--;
    }

    /// <summary>
    /// The host throttled us: if it did so the last time too, double its penalty; pause it for
    /// <paramref name="retryAfter"/> if it said so. Returns when the host may be asked again.
    /// </summary>
    public DateTimeOffset Throttled(TimeSpan? retryAfter)
    {
        var now = time.GetTimestamp();
        if (++_throttleStreak > 1)
        {
            Penalty = _policy.Penalty.Next(Penalty);
        }

        _lastThrottle = now;
        if (retryAfter is { } wait && wait > TimeSpan.Zero)
        {
            // Lengthened, never shortened: the server said how long at least, counted from its answer (a moment ago).
            var pause = _policy.Penalty.Lengthen(Min(wait, _policy.MaxPause));
            _pausedUntil = Math.Max(_pausedUntil, now + (long)(pause.TotalSeconds * time.TimestampFrequency));
        }

        return time.GetUtcNow() + PauseRemaining;
    }

    /// <summary>The host answered without throttling: a later throttling answer is no longer a repeat.</summary>
    public void Answered() => _throttleStreak = 0;

    /// <summary>Halves the penalty for every quiet period since the last throttling answer.</summary>
    private void Forgive()
    {
        while (Penalty > TimeSpan.Zero && time.GetElapsedTime(_lastThrottle) >= _policy.ForgiveAfter)
        {
            Penalty = Penalty / 2 < _policy.Penalty.Initial ? TimeSpan.Zero : Penalty / 2;
            _lastThrottle += (long)(_policy.ForgiveAfter.TotalSeconds * time.TimestampFrequency);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
