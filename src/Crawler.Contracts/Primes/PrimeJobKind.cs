namespace Crawler.Contracts.Primes;

/// <summary>What a prime job computes.</summary>
public enum PrimeJobKind
{
    /// <summary>The primes in [from, to): how many, twin pairs, the largest gap, the first and the last.</summary>
    Count,

    /// <summary>Every prime in a small [from, to), in order.</summary>
    List,

    /// <summary>For each number of a list, whether it is prime, in the list's order.</summary>
    IsPrime,
}
