namespace Crawler.Probing.Scheduling;

/// <summary>
/// The politeness of one host: at most <c>maxConcurrency</c> requests at once, starts at least a delay apart (the batch's
/// minimum, or more while the host throttles us), and none at all while the host as a whole has asked for a pause. Whether
/// the host as a whole throttles us is judged on a window of its latest answers (<see cref="ThrottlingPolicy"/>), not on
/// one answer: a single URL's Retry-After is that URL's wait. Not thread-safe: its owner (the host's grain) serialises calls.
/// </summary>
public sealed class HostPoliteness(TimeProvider time, ThrottlingPolicy? policy = null)
{
    private readonly ThrottlingPolicy _policy = policy ?? ThrottlingPolicy.Default;
    private readonly Queue<(long At, bool Throttling)> _answers = new();
    private int _throttlingAnswers;
    private long? _lastStart;
    private long _lastThrottle;
    private long _pausedUntil;

    public int InFlight { get; private set; }

    /// <summary>The extra delay between requests that throttling has earned this host.</summary>
    public TimeSpan Penalty { get; private set; }

    /// <summary>What is left of the pause the host asked for; zero when it is not paused.</summary>
    public TimeSpan PauseRemaining =>
        _pausedUntil > time.GetTimestamp() ? time.GetElapsedTime(time.GetTimestamp(), _pausedUntil) : TimeSpan.Zero;

    /// <summary>Whether throttling answers make up a real share of the host's recent answers.</summary>
    public bool ThrottlesAsAWhole
    {
        get
        {
            Expire(time.GetTimestamp());
            return _throttlingAnswers >= _policy.HostMinimum && _throttlingAnswers >= _policy.HostShare * _answers.Count;
        }
    }

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
    /// The host answered; <paramref name="throttling"/> if with a 429, 502, 503 or 504. If throttling answers now make up a
    /// real share of its latest ones, the host's penalty grows and its <paramref name="retryAfter"/> pauses it as a whole:
    /// returns until when, or null when the host is not paused. An answer that is not throttling forgives a little.
    /// </summary>
    public DateTimeOffset? Answered(bool throttling, TimeSpan? retryAfter = null)
    {
        var now = time.GetTimestamp();
        _answers.Enqueue((now, throttling));
        _throttlingAnswers += throttling ? 1 : 0;
        while (_answers.Count > _policy.Window)
        {
            _throttlingAnswers -= _answers.Dequeue().Throttling ? 1 : 0;
        }

        if (!throttling)
        {
            if (!ThrottlesAsAWhole)
            {
                Penalty = Halved(Penalty);
            }

            return null;
        }

        _lastThrottle = now;
        if (!ThrottlesAsAWhole)
        {
            return null;
        }

        Penalty = _policy.Penalty.Next(Penalty);
        if (retryAfter is { } wait && wait > TimeSpan.Zero)
        {
            // Lengthened, never shortened: the server said how long at least, counted from its answer (a moment ago).
            var pause = _policy.Penalty.Lengthen(Min(wait, _policy.MaxPause));
            _pausedUntil = Math.Max(_pausedUntil, now + (long)(pause.TotalSeconds * time.TimestampFrequency));
        }

        return PauseRemaining > TimeSpan.Zero ? time.GetUtcNow() + PauseRemaining : null;
    }

    /// <summary>Halves the penalty for every quiet period since the last throttling answer.</summary>
    private void Forgive()
    {
        while (Penalty > TimeSpan.Zero && time.GetElapsedTime(_lastThrottle) >= _policy.ForgiveAfter)
        {
            Penalty = Halved(Penalty);
            _lastThrottle += (long)(_policy.ForgiveAfter.TotalSeconds * time.TimestampFrequency);
        }
    }

    private void Expire(long now)
    {
        var oldest = now - (long)(_policy.WindowAge.TotalSeconds * time.TimestampFrequency);
        while (_answers.TryPeek(out var answer) && answer.At < oldest)
        {
            _throttlingAnswers -= _answers.Dequeue().Throttling ? 1 : 0;
        }
    }

    private TimeSpan Halved(TimeSpan penalty) => penalty / 2 < _policy.Penalty.Initial ? TimeSpan.Zero : penalty / 2;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
