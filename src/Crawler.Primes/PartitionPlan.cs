namespace Crawler.Primes;

/// <summary>
/// How a prime job is cut into partitions for a cluster of <c>cores</c>: by default enough that cores finishing early
/// find more (<see cref="PartitionsPerCore"/> a core), none much more than a second of one core
/// (<see cref="MaxWidth"/>), none so narrow that cutting costs more than it saves (<see cref="MinWidth"/>), balanced by
/// expected work (<see cref="SieveWork"/>), not by width. Asked for a number of partitions, a job gets that many.
/// </summary>
public static class PartitionPlan
{
    public const int PartitionsPerCore = 4;

    /// <summary>Below this width a range is not split further.</summary>
    public const ulong MinWidth = 1_000_000;

    /// <summary>Widest default partition (about a second of one core).</summary>
    public const double MaxWidth = 2e9;

    /// <summary>Numbers of an isprime job a partition tests, by default.</summary>
    public const int NumbersPerPartition = 4_096;

    /// <summary>The partitions of [<paramref name="from"/>, <paramref name="to"/>), in order, covering it exactly.</summary>
    /// <param name="partitions">How many were asked for (at most <paramref name="maxPartitions"/>), or null to size them to the work.</param>
    public static IReadOnlyList<(ulong From, ulong To)> ForRange(ulong from, ulong to, int cores, int? partitions, int maxPartitions)
    {
        var width = to - from;
        var wanted = partitions ?? (int)Math.Min(
            Math.Max(Math.Max(1, cores) * PartitionsPerCore, Math.Ceiling(width / MaxWidth)),
            Math.Max(1, width / MinWidth));
        wanted = Math.Clamp(wanted, 1, (int)Math.Max(1, Math.Min(width, (ulong)maxPartitions)));
        var ranges = partitions is null ? SieveWork.Split(from, to, wanted) : SieveWork.Split(from, to, wanted, minWidth: 1);
        return ranges.Count == 0 ? [(from, to)] : ranges;
    }

    /// <summary>The partitions of the positions [0, <paramref name="count"/>) of an isprime job's numbers, about equal in size.</summary>
    public static IReadOnlyList<(ulong From, ulong To)> ForNumbers(int count, int cores, int? partitions)
    {
        var parts = partitions ?? Math.Clamp((count + NumbersPerPartition - 1) / NumbersPerPartition, 1, Math.Max(1, cores) * PartitionsPerCore);
        parts = Math.Min(parts, count);
        return [.. Enumerable.Range(0, parts).Select(p => ((ulong)((long)count * p / parts), (ulong)((long)count * (p + 1) / parts)))];
    }
}
