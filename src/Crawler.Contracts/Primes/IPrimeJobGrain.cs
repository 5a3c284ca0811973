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
    /// <summary>Starts the job; starting again is a no-op.</summary>
    Task<PrimeJobStatus> StartAsync(PrimeJobRequest request);

    /// <summary>The job's state, or null if no job has this id.</summary>
    Task<PrimeJobStatus?> GetStatusAsync();

    /// <summary>Stops the job's partitions; what finished stays readable.</summary>
    Task<PrimeJobStatus?> CancelAsync();
}
