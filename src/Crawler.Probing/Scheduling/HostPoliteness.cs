namespace Crawler.Probing.Scheduling;

/// <summary>
/// The politeness rules of one host: at most <c>maxConcurrency</c> requests at once, and starts at least
/// <c>minDelay</c> apart. Not thread-safe: its owner (the host's grain) serialises calls.
/// </summary>
public sealed class HostPoliteness(TimeProvider time)
{
    private long? _lastStart;

    public int InFlight { get; private set; }

    /// <summary>
    /// How long until the next request may start: zero if now, a positive wait if the delay has not passed,
    /// or null if every slot is taken (the next chance comes when a request finishes).
    /// </summary>
    public TimeSpan? TimeUntilNextStart(int maxConcurrency, TimeSpan minDelay)
    {
        if (InFlight >= maxConcurrency)
        {
            return null;
        }

        if (_lastStart is not { } last || minDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var remaining = minDelay - time.GetElapsedTime(last);
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
}
