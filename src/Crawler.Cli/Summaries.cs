using System.Globalization;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Cli;

/// <summary>A job's end in two lines: what came of it, and how concurrent it really was.</summary>
public static class Summaries
{
    public static string Counts(BatchStatus status)
    {
        var failed = status.Failed.Values.Sum();
        var skipped = status.Skipped.Values.Sum();
        var seconds = ((status.FinishedAt ?? DateTimeOffset.UtcNow) - status.CreatedAt).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"{status.Done} results: {status.Ok} ok, {failed} failed{Split(status.Failed)}, {skipped} skipped{Split(status.Skipped)} in {seconds:0.00} s ({status.State.Name()})");
    }

    /// <param name="lanes">What a lane is: hosts, or silos.</param>
    public static string Concurrency(ConcurrencySummary summary, string lanes) => summary.Items == 0
        ? "Concurrency: nothing ran."
        : string.Create(CultureInfo.InvariantCulture,
            $"Concurrency: max {summary.MaxInFlight} in flight (mean {summary.MeanInFlight:0.0}) over {summary.Lanes.Count} {lanes}; " +
            $"queue wait p50 {summary.QueueWaitMs.P50:0} ms, p99 {summary.QueueWaitMs.P99:0} ms; run p50 {summary.RunMs.P50:0} ms, p99 {summary.RunMs.P99:0} ms; " +
            $"{summary.SpeedUp:0.0}x one at a time");

    /// <summary>
    /// What held the URLs back before they started, by reason (the mean per URL), and the host whose URLs waited longest:
    /// where a batch's time went when it was not spent on requests. Empty when nothing waited (or the server does not say).
    /// </summary>
    public static string Waits(ConcurrencySummary summary)
    {
        if (summary.Waited is not { TotalMs: > 0 } waited)
        {
            return "";
        }

        var longest = summary.Lanes.Where(l => l.Waited is not null).MaxBy(l => l.Waited!.TotalMs);
        var line = $"Waited, mean per URL: {Reasons(waited, summary.Items)}";
        return longest is null ? line : $"{line}; longest on {longest.Lane}: {Reasons(longest.Waited!, longest.Items)}";

        static string Reasons(WaitTimes waits, int items) => string.Join(", ", WaitTimes.Reasons.Zip(waits.Values)
            .Where(r => r.Second / Math.Max(1, items) >= 0.05)
            .OrderByDescending(r => r.Second)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{ReasonWords[r.First]} {r.Second / Math.Max(1, items):0.0} ms")));
    }

    private static readonly Dictionary<string, string> ReasonWords = new(StringComparer.Ordinal)
    {
        ["batch"] = "batch limit",
        ["host"] = "host limit",
        ["delay"] = "host delay",
        ["retryAfter"] = "Retry-After",
        ["backoff"] = "back-off",
        ["silo"] = "silo slots",
    };

    private static string Split(IReadOnlyDictionary<string, int> counts) => counts.Count == 0
        ? ""
        : $" ({string.Join(", ", counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"))})";
}
