using Orleans.Concurrency;

namespace Crawler.Contracts;

/// <summary>A job whose results are read as a stream of JSON lines: check batches, prime jobs.</summary>
public interface IResultStream : IAddressable
{
    /// <summary>
    /// Results from position <paramref name="from"/>, at most <paramref name="max"/>. When none is ready yet
    /// it waits up to <paramref name="wait"/> for the next; an empty, unfinished page means "ask again".
    /// </summary>
    [AlwaysInterleave, Retryable]
    Task<ResultPage> ReadResultsAsync(long from, int max, TimeSpan wait, CancellationToken cancellationToken = default);
}
