namespace Crawler.Contracts.Primes;

/// <summary>
/// Where a prime job is. <see cref="Summary"/> covers the whole range once the job has completed; while it
/// runs, <see cref="CountSoFar"/> adds up the partitions done. <see cref="Silos"/>: partitions run per silo.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.prime-job-status")]
public sealed record PrimeJobStatus
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public PrimeJobKind Kind { get; init; }
    [Id(2)] public JobState State { get; init; }
    [Id(3)] public ulong? From { get; init; }
    [Id(4)] public ulong? To { get; init; }
    [Id(5)] public int? Numbers { get; init; }
    [Id(6)] public int Partitions { get; init; }
    [Id(7)] public int PartitionsDone { get; init; }
    [Id(8)] public long CountSoFar { get; init; }
    [Id(9)] public PrimeSummary? Summary { get; init; }
    [Id(10)] public IReadOnlyDictionary<string, int> Silos { get; init; } = new Dictionary<string, int>();
    [Id(11)] public DateTimeOffset CreatedAt { get; init; }
    [Id(12)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(13)] public double? ElapsedSeconds { get; init; }

    /// <summary>How many numbers were sieved or tested per second of the job's wall time.</summary>
    [Id(14)] public double? NumbersPerSecond { get; init; }

    /// <summary>Partitions computed again because the silo running them was lost.</summary>
    [Id(15)] public int Recomputed { get; init; }

    /// <summary>The silo where the job's own grain runs now.</summary>
    [Id(16)] public string? Silo { get; init; }

    /// <summary>The tenant the job belongs to.</summary>
    [Id(17)] public string Tenant { get; init; } = Tenants.TenantNames.Default;

    /// <summary>When the job and its results will be deleted (once it has ended).</summary>
    [Id(18)] public DateTimeOffset? ExpiresAt { get; init; }
}
