using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Options;

namespace Crawler.Grains.Primes;

/// <summary>
/// The silo's CPU for prime work: pieces of work compute on threads of their own, never on the Orleans scheduler, at most
/// <see cref="PrimesOptions.MaxParallelism"/> at once, so the silo still answers calls; and shared fairly between jobs
/// (<see cref="FairSlots"/>): a worker that frees goes to the job computing the fewest pieces, so a short job beside a
/// long one waits for one piece, not for the long job. Within a job, the pieces of its lowest partition go first: a partition
/// finishes as early as it can (its result streams, its sieve's data stays in the cache) instead of every partition of the
/// job advancing a piece at a time and all finishing at the end.
/// </summary>
public sealed class SieveWorkers(IOptions<PrimesOptions> options)
{
    private readonly FairSlots _slots = new(options.Value.MaxParallelism);

    /// <param name="partition">The job's partition the work is of: the lower, the sooner.</param>
    public async Task<T> RunAsync<T>(string jobId, int partition, Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(jobId, partition, cancellationToken);
        try
        {
            // A thread of its own, not one of the pool's: a core busy sieving must not be a pool thread that the grains'
            // turns, the store's replies and the network wait for.
            return await Task.Factory.StartNew(() => work(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            _slots.Release(jobId);
        }
    }
}
