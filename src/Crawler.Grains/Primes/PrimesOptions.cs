namespace Crawler.Grains.Primes;

/// <summary>Configuration section <c>Primes</c> of a silo.</summary>
public sealed class PrimesOptions
{
    public const string Section = "Primes";

    /// <summary>Partitions computing at once on this silo; by default one per core.</summary>
    public int MaxParallelism { get; set; } = Environment.ProcessorCount;
}
