namespace Crawler.Probing.Scheduling;

/// <summary>
/// How a host that throttles us (429, 502, 503, 504) is slowed down and later forgiven. A throttling answer
/// that follows another (no success between) doubles the host's extra delay between requests, from
/// <see cref="Initial"/> up to <see cref="Max"/>; every <see cref="ForgiveAfter"/> without one halves it again.
/// A Retry-After pauses the host for that long, at most <see cref="MaxPause"/>, ±<see cref="Jitter"/> so that
/// hosts do not all come back at once.
/// </summary>
public sealed record BackoffPolicy
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ForgiveAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromMinutes(5);

    public double Jitter { get; init; } = 0.1;

    public static BackoffPolicy Default { get; } = new();
}
