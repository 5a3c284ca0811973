namespace Crawler.Primes;

/// <summary>
/// What the primes p with <see cref="From"/> ≤ p &lt; <see cref="To"/> add up to. Summaries of adjacent ranges
/// combine exactly (<see cref="Combine"/>), so a range can be summarised partition by partition.
/// </summary>
/// <param name="From">Inclusive lower bound.</param>
/// <param name="To">Exclusive upper bound.</param>
/// <param name="Count">Number of primes in the range.</param>
/// <param name="TwinPairs">Pairs (p, p + 2) with both primes in the range.</param>
/// <param name="FirstPrime">The smallest prime in the range, if any.</param>
/// <param name="LastPrime">The largest prime in the range, if any.</param>
/// <param name="LargestGap">Largest difference of consecutive primes both in the range; 0 with fewer than two primes.</param>
/// <param name="LargestGapAfter">The smaller prime of the first gap of <see cref="LargestGap"/>; null with fewer than two primes.</param>
public readonly record struct RangeSummary(
    ulong From,
    ulong To,
    long Count,
    long TwinPairs,
    ulong? FirstPrime,
    ulong? LastPrime,
    ulong LargestGap,
    ulong? LargestGapAfter)
{
    /// <summary>The summary of a range without primes.</summary>
    public static RangeSummary Empty(ulong from, ulong to) => new(from, to, 0, 0, null, null, 0, null);

    /// <summary>Combines the summaries of two adjacent ranges (<c>left.To == right.From</c>) into that of their union.</summary>
    /// <exception cref="ArgumentException">The ranges are not adjacent.</exception>
    public static RangeSummary Combine(RangeSummary left, RangeSummary right)
    {
        if (left.To != right.From)
        {
            throw new ArgumentException(
                $"Ranges [{left.From}, {left.To}) and [{right.From}, {right.To}) are not adjacent.", nameof(right));
        }

        if (left.Count == 0)
        {
            return right with { From = left.From };
        }

        if (right.Count == 0)
        {
            return left with { To = right.To };
        }

        var gap = left.LargestGap;
        var gapAfter = left.LargestGapAfter;
        var boundary = right.FirstPrime!.Value - left.LastPrime!.Value;
        if (boundary > gap)
        {
            gap = boundary;
            gapAfter = left.LastPrime;
        }

        if (right.LargestGap > gap)
        {
            gap = right.LargestGap;
            gapAfter = right.LargestGapAfter;
        }

        return new RangeSummary(
            left.From,
            right.To,
            left.Count + right.Count,
            left.TwinPairs + right.TwinPairs + (boundary == 2 ? 1 : 0),
            left.FirstPrime,
            right.LastPrime,
            gap,
            gapAfter);
    }
}
