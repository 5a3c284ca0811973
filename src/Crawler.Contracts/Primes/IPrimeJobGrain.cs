using Orleans.Concurrency;

namespace Crawler.Contracts.Primes;

/// <summary>
/// A prime job, keyed by job id: split into partitions that run on every silo, its record persisted so that it
/// carries on after the loss of a silo. Result lines: a count job's partitions as they finish
/// (<see cref="PrimePartitionLine"/>), a list job's primes (<see cref="PrimeLine"/>), an isprime job's
/// answers (<see cref="IsPrimeLine"/>), the last two in order.
/// </summary>
[Alias("crawler.primes.job")]
public interface IPrimeJobGrain : IGrainWithStringKey, IResultStream
{
    /// <summary>Starts the job, held to <paramref name="terms"/>; starting again is a no-op.</summary>
    [Retryable]
    Task<PrimeJobStatus> StartAsync(PrimeJobRequest request, Tenants.JobTerms terms);

    /// <summary>The job's state, or null if no job has this id. Interleaves: it only reads.</summary>
    [AlwaysInterleave, Retryable]
    Task<PrimeJobStatus?> GetStatusAsync();

    /// <summary>When each finished partition was queued (the job's start), started and finished, and on which silo.</summary>
    Task<IReadOnlyList<PartitionTiming>> GetTimingsAsync();

    /// <summary>Stops the job's partitions; what finished stays readable.</summary>
    [Retryable]
    Task<PrimeJobStatus?> CancelAsync();

    /// <summary>Deletes the job and its results, stopping it first if it runs; false when there is no such job.</summary>
    Task<bool> PurgeAsync();
}

/// <summary>One finished partition's times, for the job's concurrency summary.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.primes.partition-timing")]
public sealed record PartitionTiming(
    [property: Id(0)] string Silo,
    [property: Id(1)] DateTimeOffset QueuedAt,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset FinishedAt);
