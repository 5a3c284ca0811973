using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;

namespace Crawler.Grains.Primes;

/// <summary>The durable record of a prime job (grain state): its request, its partitions and what they found.</summary>
[GenerateSerializer]
[Alias("crawler.primes.prime-job-record")]
public sealed class PrimeJobRecord
{
    [Id(0)] public JobState State { get; set; }
    [Id(1)] public PrimeJobRequest Request { get; set; } = new();

    /// <summary>The partitions' ranges: numbers for count and list jobs, positions in the list for isprime jobs.</summary>
    [Id(2)] public List<PrimeRange> Partitions { get; set; } = [];

    /// <summary>Results in the order they arrived.</summary>
    [Id(3)] public List<PrimePartitionResult> Done { get; set; } = [];

    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(6)] public string? TraceParent { get; set; }
    [Id(7)] public int Recomputed { get; set; }

    /// <summary>Whose the job is and how long it is kept (a record from before tenants has the defaults).</summary>
    [Id(8)] public JobTerms Terms { get; set; } = JobTerms.Default;
}

[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-range")]
public sealed record PrimeRange([property: Id(0)] ulong From, [property: Id(1)] ulong To);
