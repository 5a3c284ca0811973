namespace Crawler.Probing.Scheduling;

/// <summary>
/// Exponential back-off, the one formula behind every wait that grows with failures: the n-th wait is
/// <see cref="Initial"/> × 2^(n − 1), at most <see cref="Max"/>, spread by ±<see cref="Jitter"/> (a fraction) so that
/// those who wait together do not all come back at once.
/// </summary>
public sealed record BackoffPolicy
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(60);

    public double Jitter { get; init; }

    /// <summary>A URL asked again after a transient failure: about 0.5 s, 1 s, 2 s … at most 30 s, ±20 %.</summary>
    public static BackoffPolicy Retries { get; } = new() { Initial = TimeSpan.FromMilliseconds(500), Max = TimeSpan.FromSeconds(30), Jitter = 0.2 };

    /// <summary>Results sent again to a job that did not take them: 200 ms, 400 ms … at most 10 s.</summary>
    public static BackoffPolicy Reports { get; } = new() { Initial = TimeSpan.FromMilliseconds(200), Max = TimeSpan.FromSeconds(10) };

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> (from 1) failed.</summary>
    public TimeSpan Delay(int attempt) => Spread(Doubled(Initial, Math.Max(0, attempt - 1)));

    /// <summary>The wait after <paramref name="previous"/>: <see cref="Initial"/> the first time, then twice as long, at most <see cref="Max"/> (not spread).</summary>
    public TimeSpan Next(TimeSpan previous) => previous <= TimeSpan.Zero ? Initial : Doubled(previous, 1);

    /// <summary><paramref name="wait"/> moved by up to ±<see cref="Jitter"/> of itself.</summary>
    public TimeSpan Spread(TimeSpan wait) =>
        Jitter == 0 ? wait : wait * (1 + (Jitter * ((2 * Random.Shared.NextDouble()) - 1)));

    /// <summary><paramref name="wait"/> lengthened by up to <see cref="Jitter"/> of itself, for waits that must never be shorter than asked.</summary>
    public TimeSpan Lengthen(TimeSpan wait) =>
        Jitter == 0 ? wait : wait * (1 + (Jitter * Random.Shared.NextDouble()));

    private TimeSpan Doubled(TimeSpan wait, int times) =>
        TimeSpan.FromTicks((long)Math.Min(Max.Ticks, wait.Ticks * Math.Pow(2, Math.Min(times, 62))));
}
