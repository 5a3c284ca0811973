using Crawler.Contracts.Primes;
using Crawler.Primes;

namespace Crawler.Grains.Primes;

/// <summary>The engine's summary of a range, as the contracts carry it, and back.</summary>
internal static class PrimeSummaries
{
    public static PrimeSummary ToContract(this RangeSummary s) =>
        new(s.From, s.To, s.Count, s.TwinPairs, s.FirstPrime, s.LastPrime, s.LargestGap, s.LargestGapAfter);

    public static RangeSummary ToEngine(this PrimeSummary s) =>
        new(s.From, s.To, s.Count, s.TwinPairs, s.FirstPrime, s.LastPrime, s.LargestGap, s.LargestGapAfter);

    /// <summary>The summary of adjacent ranges, given in order.</summary>
    public static PrimeSummary Combine(IEnumerable<PrimeSummary> ordered) =>
        ordered.Select(ToEngine).Aggregate(RangeSummary.Combine).ToContract();
}
