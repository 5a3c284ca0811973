using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Insight;

/// <summary>Computes a <see cref="ConcurrencySummary"/> from items' queued, started and finished times.</summary>
public static class ConcurrencySummaries
{
    /// <summary>The summary of items that also say why they waited: totals per reason, for all and for each lane.</summary>
    public static ConcurrencySummary OfUrls(IEnumerable<(string Lane, DateTimeOffset QueuedAt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, WaitTimes? Waits)> items)
    {
        var all = items.ToList();
        var summary = Of(all.Select(i => (i.Lane, i.QueuedAt, i.StartedAt, i.FinishedAt)));
        var byLane = all.GroupBy(i => i.Lane, StringComparer.Ordinal).ToDictionary(g => g.Key, Sum, StringComparer.Ordinal);
        return summary with
        {
            Waited = Sum(all),
            Lanes = [.. summary.Lanes.Select(l => l with { Waited = byLane.GetValueOrDefault(l.Lane) })],
        };

        static WaitTimes Sum(IEnumerable<(string, DateTimeOffset, DateTimeOffset, DateTimeOffset, WaitTimes? Waits)> group) =>
            group.Aggregate(WaitTimes.None, (total, i) => total + (i.Waits ?? WaitTimes.None)).Rounded();
    }

    public static ConcurrencySummary Of(IEnumerable<(string Lane, DateTimeOffset QueuedAt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)> items)
    {
        var all = items.Where(i => i.FinishedAt >= i.StartedAt).ToList();
        if (all.Count == 0)
        {
            return new ConcurrencySummary(0, 0, 0, 0, new Percentiles(0, 0, 0, 0), new Percentiles(0, 0, 0, 0), 0, []);
        }

        var first = all.Min(i => i.QueuedAt < i.StartedAt ? i.QueuedAt : i.StartedAt);
        var last = all.Max(i => i.FinishedAt);
        var wall = (last - first).TotalMilliseconds;
        var runs = all.Select(i => (i.FinishedAt - i.StartedAt).TotalMilliseconds).ToList();
        var (max, area) = Sweep(all.Select(i => (i.StartedAt, i.FinishedAt)));
        var lanes = all.GroupBy(i => i.Lane, StringComparer.Ordinal)
            .Select(g =>
            {
                var (laneMax, _) = Sweep(g.Select(i => (i.StartedAt, i.FinishedAt)));
                return new LaneSummary(g.Key, g.Count(), laneMax, Round(Busy(g.Select(i => (i.StartedAt, i.FinishedAt)))));
            })
            .OrderByDescending(l => l.Items)
            .ThenBy(l => l.Lane, StringComparer.Ordinal)
            .ToList();
        return new ConcurrencySummary(
            all.Count,
            Round(wall),
            max,
            wall > 0 ? Round(area / wall) : max,
            PercentilesOf(all.Select(i => Math.Max(0, (i.StartedAt - i.QueuedAt).TotalMilliseconds))),
            PercentilesOf(runs),
            wall > 0 ? Round(runs.Sum() / wall) : 1,
            lanes);
    }

    /// <summary>The most intervals open at once, and the area under the in-flight curve (interval-milliseconds).</summary>
    private static (int Max, double Area) Sweep(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        // Ends sort before starts at the same instant: an item that ends as another starts did not overlap it.
        var events = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At)
            .ThenBy(e => e.Delta)
            .ToList();
        int current = 0, max = 0;
        var area = 0.0;
        for (var n = 0; n < events.Count; n++)
        {
            if (n > 0)
            {
                area += current * (events[n].At - events[n - 1].At).TotalMilliseconds;
            }

            current += events[n].Delta;
            max = Math.Max(max, current);
        }

        return (max, area);
    }

    /// <summary>The time covered by at least one interval.</summary>
    private static double Busy(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var busy = 0.0;
        DateTimeOffset? openStart = null, openEnd = null;
        foreach (var (start, end) in intervals.OrderBy(i => i.Start))
        {
            if (openEnd is { } e && start <= e)
            {
                openEnd = end > e ? end : e;
                continue;
            }

            busy += openStart is { } s ? (openEnd!.Value - s).TotalMilliseconds : 0;
            (openStart, openEnd) = (start, end);
        }

        return busy + (openStart is { } last ? (openEnd!.Value - last).TotalMilliseconds : 0);
    }

    /// <summary>Nearest-rank percentiles.</summary>
    private static Percentiles PercentilesOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double p) => sorted.Count == 0 ? 0 : Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)]);
        return new Percentiles(At(0.5), At(0.9), At(0.99), sorted.Count == 0 ? 0 : Round(sorted[^1]));
    }

    private static double Round(double value) => Math.Round(value, 3);
}
