using System.Numerics;
using System.Runtime.CompilerServices;

namespace Crawler.Primes;

/// <summary>
/// Folds sieved segments into a <see cref="RangeSummary"/> word by word: popcount for the count, a shift-and-mask for
/// the twins inside a word (wheel pairs 11–13, 17–19 and 29–31 are bits 2–3, 4–5 and 7–8), and gaps scanned bit by bit
/// only in the words that could hold one larger than the largest so far (see <see cref="ZeroRunNeeded"/>).
/// </summary>
internal struct SummaryScan
{
    // Bits 2, 4 and 7 of each byte: the smaller primes of the three twin patterns of the wheel.
    private const ulong TwinStarts = 0x9494_9494_9494_9494;
    private const ulong Low7 = 0x7F7F_7F7F_7F7F_7F7F;
    private const ulong High = 0x8080_8080_8080_8080;

    private long count;
    private long twins;
    private ulong first;
    private ulong last;
    private bool any;
    private ulong gap;
    private ulong gapAfter;
    private int zeroRunNeeded;

    /// <summary>Adds a segment whose byte 0 is wheel byte <paramref name="byteBase"/>; segments must come in ascending order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<ulong> words, ulong byteBase)
    {
        for (var w = 0; w < words.Length; w++)
        {
            var x = words[w];
            if (x == 0)
            {
                continue;
            }

            count += BitOperations.PopCount(x);
            twins += BitOperations.PopCount(x & (x >> 1) & TwinStarts);
            var firstHere = Wheel.Value(byteBase, (w * 64) + BitOperations.TrailingZeroCount(x));
            if (any)
            {
                var across = firstHere - last;
                if (across == 2)
                {
                    twins++;
                }

                if (across > gap)
                {
                    SetGap(across, last);
                }
            }
            else
            {
                any = true;
                first = firstHere;
            }

            if (zeroRunNeeded == 0 || HasZeroRun(x, zeroRunNeeded))
            {
                ScanGaps(x, byteBase, w, firstHere);
            }

            last = Wheel.Value(byteBase, (w * 64) + 63 - BitOperations.LeadingZeroCount(x));
        }
    }

    /// <summary>The summary of [<paramref name="from"/>, <paramref name="to"/>) once every segment of it was added.</summary>
    public readonly RangeSummary ToSummary(ulong from, ulong to) => any
        ? new RangeSummary(from, to, count, twins, first, last, gap, count > 1 ? gapAfter : null)
        : RangeSummary.Empty(from, to);

    /// <summary>
    /// Two primes whose bytes have k zero bytes between them are at most 30(k + 1) + 28 apart, so a gap above
    /// <paramref name="largest"/> needs at least this many consecutive zero bytes inside the word (0: any word can).
    /// </summary>
    internal static int ZeroRunNeeded(ulong largest) => largest < 58 ? 0 : (int)Math.Min(7, ((largest - 58) / 30) + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasZeroRun(ulong x, int run)
    {
        if (run >= 7)
        {
            return false;
        }

        // High bit of each zero byte.
        var zero = ~(((x & Low7) + Low7) | x) & High;
        for (var i = 1; i < run; i++)
        {
            zero &= zero >> 8;
        }

        return zero != 0;
    }

    private void ScanGaps(ulong x, ulong byteBase, int w, ulong previous)
    {
        x &= x - 1;
        while (x != 0)
        {
            var value = Wheel.Value(byteBase, (w * 64) + BitOperations.TrailingZeroCount(x));
            if (value - previous > gap)
            {
                SetGap(value - previous, previous);
            }

            previous = value;
            x &= x - 1;
        }
    }

    private void SetGap(ulong size, ulong after)
    {
        gap = size;
        gapAfter = after;
        zeroRunNeeded = ZeroRunNeeded(size);
    }
}
