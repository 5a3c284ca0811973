using Microsoft.Extensions.Options;

namespace Crawler.Grains.Primes;

/// <summary>
/// The silo's CPU for prime work: partitions compute on the thread pool, never on the Orleans scheduler,
/// and at most <see cref="PrimesOptions.MaxParallelism"/> at once, so the silo still answers calls.
/// </summary>
public sealed class SieveWorkers(IOptions<PrimesOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxParallelism);

    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => work(cancellationToken), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }
}
