namespace Crawler.Contracts;

/// <summary>
/// How concurrent a batch or job really was, from the times of its items: how many ran at once (at most, and on
/// average over its wall time), how long items waited before they started and how long they ran (percentiles,
/// milliseconds), the spread over lanes (hosts, or silos), and the effective speed-up: the items' run times added up,
/// over the wall time from the first item queued to the last finished (what running them one at a time would take,
/// against what it took).
/// </summary>
public sealed record ConcurrencySummary(
    int Items,
    double WallMs,
    int MaxInFlight,
    double MeanInFlight,
    Percentiles QueueWaitMs,
    Percentiles RunMs,
    double SpeedUp,
    IReadOnlyList<LaneSummary> Lanes)
{
    /// <summary>What held the items back before they started, summed over them (URLs of batches; absent for prime jobs).</summary>
    public Batches.WaitTimes? Waited { get; init; }
}

public sealed record Percentiles(double P50, double P90, double P99, double Max);

/// <summary>One lane's share: its items, the most it ran at once, and the time it had at least one running.</summary>
public sealed record LaneSummary(string Lane, int Items, int MaxInFlight, double BusyMs)
{
    /// <summary>What held the lane's items back, summed over them.</summary>
    public Batches.WaitTimes? Waited { get; init; }
}
