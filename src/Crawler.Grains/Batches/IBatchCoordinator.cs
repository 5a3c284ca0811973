using Crawler.Contracts.Batches;
using Crawler.Grains.Hosts;
using Orleans.Concurrency;

namespace Crawler.Grains.Batches;

/// <summary>The side of a batch that host grains talk to; the same activation as <see cref="IBatchGrain"/>.</summary>
[Alias("crawler.checks.coordinator")]
public interface IBatchCoordinator : IGrainWithStringKey
{
    /// <summary>
    /// Records results; a result for a URL already recorded is ignored, so reporting again is safe.
    /// Returns false when the batch wants no more results (finished or cancelled).
    /// </summary>
    /// <remarks>Interleaves: reports that arrive while the store is writing join the next write.</remarks>
    [AlwaysInterleave]
    Task<bool> ReportAsync(IReadOnlyList<UrlResult> results);

    /// <summary>
    /// The host asked for a pause (Retry-After): it hands back the batch's URLs it had queued, and the batch
    /// sends it nothing until <paramref name="until"/>, so the host holds none of the batch's capacity meanwhile.
    /// </summary>
    [AlwaysInterleave]
    Task DeferAsync(string host, IReadOnlyList<WorkItem> items, DateTimeOffset until);

    /// <summary>
    /// Its server asked these URLs to wait (a Retry-After for each, not for the whole host): the host hands them back, and
    /// the batch sends them again, first in their host's queue, once <paramref name="notBefore"/> has passed. Meanwhile they
    /// hold none of the host's share.
    /// </summary>
    [AlwaysInterleave]
    Task RetryLaterAsync(IReadOnlyList<WorkItem> items, DateTimeOffset notBefore);

    /// <summary>A limit the batch is held to (<see cref="Contracts.Tenants.JobTerms"/>) is reached: it stops, saying which.</summary>
    /// <remarks>Interleaves, as a cancellation must: reports keep arriving and would hold back a request that waits for a quiet moment.</remarks>
    [AlwaysInterleave]
    Task StopForLimitAsync(string reason);
}
