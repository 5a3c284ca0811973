using System.Numerics;
using System.Runtime.CompilerServices;

namespace Crawler.Primes;

/// <summary>
/// Counting, summarising and listing the primes of a range [from, to) with the segmented wheel sieve. Every call is
/// single-threaded (callers parallelise by partitions, see <see cref="SieveWork"/>); each thread reuses its own sieve
/// buffers, so a call allocates nothing per number or per segment. Any <c>to</c> up to 2^64 − 1 is valid; the memory a
/// call needs grows with π(√to): about 12 bytes per sieving prime (≈ 3 MB at to = 1e13, ≈ 70 MB at 1e16, and 2.4 GB
/// for the largest to, so keep to below about 1e17 in practice). The time is about width × log log √to plus
/// π(√to) setup, so narrow ranges near 1e13 are cheap.
/// </summary>
public static class PrimeSieve
{
    private static readonly ulong[] SmallPrimes = [2, 3, 5];

    [ThreadStatic]
    private static SegmentSieve? threadSieve;

    /// <summary>The count, twin pairs, first and last prime and largest gap of the primes in [from, to).</summary>
    public static RangeSummary Summarize(ulong from, ulong to, CancellationToken cancellation = default)
    {
        if (to <= from)
        {
            return RangeSummary.Empty(from, Math.Max(from, to));
        }

        var small = SummarizeSmall(from, Math.Min(to, 7));
        var start = Math.Max(from, 7);
        if (start >= to)
        {
            return small;
        }

        var sieve = Sieve();
        sieve.Reset(start, to);
        var scan = default(SummaryScan);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!sieve.MoveNext())
            {
                break;
            }

            scan.Add(sieve.Words, sieve.SegmentByteBase);
        }

        var main = scan.ToSummary(start, to);
        return from < 7 ? RangeSummary.Combine(small, main) : main;
    }

    /// <summary>The number of primes in [from, to): the sieve with popcount only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Count(ulong from, ulong to, CancellationToken cancellation = default)
    {
        if (to <= from)
        {
            return 0;
        }

        long count = 0;
        foreach (var p in SmallPrimes)
        {
            if (p >= from && p < to)
            {
                count++;
            }
        }

        var start = Math.Max(from, 7);
        if (start >= to)
        {
            return count;
        }

        var sieve = Sieve();
        sieve.Reset(start, to);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!sieve.MoveNext())
            {
                return count;
            }

            foreach (var word in sieve.Words)
            {
                count += BitOperations.PopCount(word);
            }
        }
    }

    /// <summary>
    /// Writes the primes of [from, to) in ascending order to <paramref name="destination"/> and returns how many it wrote.
    /// When they do not all fit it fills the destination; continue from <c>destination[^1] + 1</c>.
    /// </summary>
    public static int ListPrimes(ulong from, ulong to, Span<ulong> destination, CancellationToken cancellation = default)
    {
        var written = 0;
        if (to <= from || destination.IsEmpty)
        {
            return 0;
        }

        foreach (var p in SmallPrimes)
        {
            if (p >= from && p < to)
            {
                destination[written++] = p;
                if (written == destination.Length)
                {
                    return written;
                }
            }
        }

        var start = Math.Max(from, 7);
        if (start >= to)
        {
            return written;
        }

        var sieve = Sieve();
        sieve.Reset(start, to);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!sieve.MoveNext())
            {
                return written;
            }

            var words = sieve.Words;
            var byteBase = sieve.SegmentByteBase;
            for (var w = 0; w < words.Length; w++)
            {
                var word = words[w];
                while (word != 0)
                {
                    destination[written++] = Wheel.Value(byteBase, (w * 64) + BitOperations.TrailingZeroCount(word));
                    if (written == destination.Length)
                    {
                        return written;
                    }

                    word &= word - 1;
                }
            }
        }
    }

    /// <summary>The primes of [from, to), lazily, segment by segment (each enumeration has its own sieve).</summary>
    public static IEnumerable<ulong> Primes(ulong from, ulong to, CancellationToken cancellation = default) =>
        to <= from ? [] : new SegmentSieve().Enumerate(from, to, cancellation);

    private static SegmentSieve Sieve() => threadSieve ??= new SegmentSieve();

    private static RangeSummary SummarizeSmall(ulong from, ulong to)
    {
        var summary = RangeSummary.Empty(from, Math.Max(from, to));
        if (to <= from)
        {
            return summary;
        }

        for (var n = from; n < to; n++)
        {
            var piece = n is 2 or 3 or 5 ? new RangeSummary(n, n + 1, 1, 0, n, n, 0, null) : RangeSummary.Empty(n, n + 1);
            summary = n == from ? piece : RangeSummary.Combine(summary, piece);
        }

        return summary;
    }
}
