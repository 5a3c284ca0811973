namespace Crawler.Probing.Scheduling;

/// <summary>
/// How a host that throttles us (429, 502, 503, 504) is slowed down and later forgiven. A throttling answer that
/// follows another (no success between) earns the host a longer extra delay between requests (<see cref="Penalty"/>'s
/// next step); every <see cref="ForgiveAfter"/> without one halves it again. A Retry-After pauses the host for that long,
/// at most <see cref="MaxPause"/>, lengthened (never shortened) by up to the penalty's jitter so that hosts do not all come
/// back at once.
/// </summary>
public sealed record ThrottlingPolicy
{
    public BackoffPolicy Penalty { get; init; } = new() { Initial = TimeSpan.FromMilliseconds(500), Max = TimeSpan.FromSeconds(60), Jitter = 0.1 };

    public TimeSpan ForgiveAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromMinutes(5);

    public static ThrottlingPolicy Default { get; } = new();
}
