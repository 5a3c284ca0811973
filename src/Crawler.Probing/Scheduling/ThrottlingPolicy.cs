namespace Crawler.Probing.Scheduling;

/// <summary>
/// When a host as a whole is slowed down for throttling us, and how quickly it is forgiven. One URL's 429 or 503 is that
/// URL's business (it waits for its Retry-After alone); the host is slowed only when throttling answers (429, 502, 503,
/// 504) make up at least <see cref="HostShare"/> of its last <see cref="Window"/> answers (and number at least
/// <see cref="HostMinimum"/>) within <see cref="WindowAge"/>. Then each throttling answer earns it a longer extra delay
/// between requests (<see cref="Penalty"/>'s next step) and its Retry-After pauses the whole host, at most
/// <see cref="MaxPause"/>, lengthened (never shortened) by up to the penalty's jitter so that hosts do not all come back at
/// once. Every answer that is not throttling, once the share is below the mark again, halves the penalty, and so does
/// every <see cref="ForgiveAfter"/> without a throttling answer (a host slowed to a crawl answers little).
/// </summary>
public sealed record ThrottlingPolicy
{
    public BackoffPolicy Penalty { get; init; } = new() { Initial = TimeSpan.FromMilliseconds(500), Max = TimeSpan.FromSeconds(60), Jitter = 0.1 };

    public TimeSpan ForgiveAfter { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many of the host's latest answers are weighed.</summary>
    public int Window { get; init; } = 20;

    /// <summary>Answers older than this are not weighed: a host that throttled a minute ago is judged on what it does now.</summary>
    public TimeSpan WindowAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of throttling answers in the window from which the host as a whole is slowed.</summary>
    public double HostShare { get; init; } = 0.25;

    /// <summary>The fewest throttling answers in the window that slow the host: two in three answers are not yet a pattern.</summary>
    public int HostMinimum { get; init; } = 3;

    public static ThrottlingPolicy Default { get; } = new();
}
