namespace Crawler.Grains.Primes;

/// <summary>One partition of a prime job, keyed <c>{job}/{index}</c>, placed in turn on every silo.</summary>
[Alias("crawler.primes.partition")]
public interface IPrimePartitionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the work unless it runs or is done, and returns at once: the result comes by
    /// <see cref="IPrimeJobCoordinator.ReportAsync"/>, or in the reply once there is one. Safe to call again.
    /// </summary>
    Task<PrimePartitionReply> RunAsync(PrimePartitionWork work);

    Task CancelAsync();
}

/// <summary>What partitions tell their job.</summary>
[Alias("crawler.primes.coordinator")]
public interface IPrimeJobCoordinator : IGrainWithStringKey
{
    Task ReportAsync(PrimePartitionResult result);
}
