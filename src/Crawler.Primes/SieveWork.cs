namespace Crawler.Primes;

/// <summary>
/// The expected work of sieving a range, and partitions of a range balanced by it. The model, in nanoseconds of one
/// core of the reference machine (fitted to <c>PrimeSieve.Count</c>; only ratios matter for balancing), for
/// [from, to) with B = (to − from)/30 wheel bytes and sieving primes 59 ≤ p ≤ P = √to:
/// <list type="bullet">
/// <item>per byte, pre-sieve copy and scan: <see cref="ByteCost"/>;</item>
/// <item>crossings: a prime p has 8/p multiples per byte, so B·8·Σ1/p ≈ B·8·(ln ln P − ln ln 59) by Mertens; a crossing
/// costs <see cref="CrossCost"/>, and <see cref="BucketCost"/> for primes above the bucket threshold T (push and pop);</item>
/// <item>per segment (B / segment bytes of them), a visit to each small and medium prime, π(min(P, T)) of them:
/// <see cref="VisitCost"/> — the term that makes a high range cost more than its width says;</item>
/// <item>per call, the first multiple of each of the π(P) sieving primes: <see cref="SetupCost"/>.</item>
/// </list>
/// </summary>
public static class SieveWork
{
    internal const double ByteCost = 0.3;
    internal const double CrossCost = 0.35;
    internal const double BucketCost = 1.5;
    internal const double VisitCost = 18;
    internal const double SetupCost = 40;
    private const double SegmentBytes = SegmentSieve.DefaultSegmentBytes;
    private const double BucketThreshold = (double)SegmentSieve.DefaultLargeFactor * SegmentSieve.DefaultSegmentBytes;
    private const ulong Alignment = 240;

    /// <summary>The modelled time, in nanoseconds, to summarise [from, to) on one core (0 when empty).</summary>
    public static double Estimate(ulong from, ulong to)
    {
        if (to <= from)
        {
            return 0;
        }

        var bytes = (to - from) / 30.0;
        var sqrt = Math.Sqrt(to);
        var reciprocalSum = Math.Max(0, LogLog(Math.Min(sqrt, BucketThreshold)) - LogLog(59));
        var bucketReciprocalSum = Math.Max(0, LogLog(sqrt) - LogLog(BucketThreshold));
        var crossings = bytes * 8 * ((reciprocalSum * CrossCost) + (bucketReciprocalSum * BucketCost));
        var visits = Math.Ceiling(bytes / SegmentBytes) * PrimeCount(Math.Min(sqrt, BucketThreshold)) * VisitCost;
        return (bytes * ByteCost) + crossings + visits + (PrimeCount(sqrt) * SetupCost);
    }

    /// <summary>
    /// [from, to) in contiguous pieces of about <paramref name="nanoseconds"/> of modelled work each (at least one), so that
    /// a long computation can give way between pieces.
    /// </summary>
    public static IReadOnlyList<(ulong From, ulong To)> Pieces(ulong from, ulong to, double nanoseconds, int maxPieces = 10_000) =>
        Split(from, to, (int)Math.Clamp(Math.Ceiling(Estimate(from, to) / nanoseconds), 1, maxPieces));

    /// <summary>
    /// Splits [from, to) into at most <paramref name="parts"/> contiguous ranges of about equal <see cref="Estimate"/>
    /// (fewer when a part would be narrower than <paramref name="minWidth"/>), in order, covering it exactly. Inner
    /// bounds are multiples of 240 (a 64-bit word of the sieve). An empty range gives no parts.
    /// </summary>
    public static IReadOnlyList<(ulong From, ulong To)> Split(ulong from, ulong to, int parts, ulong minWidth = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (to <= from)
        {
            return [];
        }

        var width = to - from;
        parts = (int)Math.Max(1, Math.Min((ulong)parts, width / Math.Max(Alignment, minWidth)));
        if (parts == 1)
        {
            return [(from, to)];
        }

        // The per-part target t for which parts − 1 greedy cuts leave a last part costing t as well.
        double low = 0, high = Estimate(from, to);
        for (var i = 0; i < 100 && high - low > high * 1e-9; i++)
        {
            var target = (low + high) / 2;
            var last = Cut(from, to, parts, target, null);
            if (Estimate(last, to) > target)
            {
                low = target;
            }
            else
            {
                high = target;
            }
        }

        var result = new List<(ulong From, ulong To)>(parts);
        Cut(from, to, parts, high, result);
        return result;
    }

    private static ulong Cut(ulong from, ulong to, int parts, double target, List<(ulong From, ulong To)>? result)
    {
        var start = from;
        for (var part = 0; part < parts - 1; part++)
        {
            var end = Math.Max(NextCut(start, to, target), Math.Min(to, start + 1));
            result?.Add((start, end));
            start = end;
        }

        result?.Add((start, to));
        return start;
    }

    /// <summary>The largest aligned x in (start, to] with Estimate(start, x) ≤ target, or to.</summary>
    private static ulong NextCut(ulong start, ulong to, double target)
    {
        if (Estimate(start, to) <= target)
        {
            return to;
        }

        ulong low = start, high = to;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (Estimate(start, middle) <= target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var aligned = low - (low % Alignment);
        return aligned > start ? aligned : low;
    }

    private static double LogLog(double x) => Math.Log(Math.Log(Math.Max(x, 3)));

    private static double PrimeCount(double x) => x < 59 ? 0 : x / (Math.Log(x) - 1);
}
