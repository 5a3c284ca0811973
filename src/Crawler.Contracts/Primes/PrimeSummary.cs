namespace Crawler.Contracts.Primes;

/// <summary>
/// The primes p with <see cref="From"/> &lt;= p &lt; <see cref="To"/>: how many, how many twin pairs (p, p + 2)
/// lie wholly inside, the first and last, and the largest gap between consecutive ones (after
/// <see cref="LargestGapAfter"/>, the first time it occurs).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-summary")]
public sealed record PrimeSummary(
    [property: Id(0)] ulong From,
    [property: Id(1)] ulong To,
    [property: Id(2)] long Count,
    [property: Id(3)] long TwinPairs,
    [property: Id(4)] ulong? FirstPrime,
    [property: Id(5)] ulong? LastPrime,
    [property: Id(6)] ulong LargestGap,
    [property: Id(7)] ulong? LargestGapAfter);
