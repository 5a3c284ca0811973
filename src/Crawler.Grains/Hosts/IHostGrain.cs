using Crawler.Contracts.Batches;

namespace Crawler.Grains.Hosts;

/// <summary>
/// The one owner of a host's queue and politeness in the whole cluster, keyed by host name.
/// It probes what batches send it and reports each result back to its batch.
/// </summary>
[Alias("crawler.host")]
public interface IHostGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues URLs of a batch; URLs it already holds for that batch are ignored, so sending again is safe.
    /// Returns the activation's incarnation: a different one later means this queue was lost with its silo.
    /// </summary>
    [ResponseTimeout("00:00:10")]
    Task<Guid> EnqueueAsync(HostWork work);

    [ResponseTimeout("00:00:10")]
    Task<Guid> GetIncarnationAsync();

    /// <summary>Drops the batch's queued URLs and cancels its requests in flight.</summary>
    Task CancelBatchAsync(string batchId);
}

/// <summary>
/// URLs of a batch for a host, and the batch's <paramref name="Share"/>: how many of its requests this host
/// may run at once (the batch hands out shares so that, summed over hosts, they stay within its limit).
/// <paramref name="TraceParent"/>: the batch's trace, which the probes join when the call itself is not traced.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.hosts.host-work")]
public sealed record HostWork(
    [property: Id(0)] string BatchId,
    [property: Id(5)] BatchKind Kind,
    [property: Id(1)] BatchOptions Options,
    [property: Id(2)] int Share,
    [property: Id(3)] IReadOnlyList<WorkItem> Items,
    [property: Id(4)] string? TraceParent = null);

/// <summary>
/// One URL of a batch, as submitted, with its position in the batch. <paramref name="Traced"/>: its probe span
/// is kept even when it succeeds (a batch keeps an even sample of successes, and every failure).
/// <paramref name="Attempts"/>: attempts already made (by a host that handed the URL back), of which
/// <paramref name="Throttled"/> were answered with a request to wait (they do not use up retries).
/// <paramref name="Download"/>: keep the body in the content store (an image a crawl found), whatever the batch.
/// <paramref name="Resource"/>: check it without reading a page from it (a resource a crawl found).
/// <paramref name="IfNoneMatch"/>, <paramref name="IfModifiedSince"/>: the validators of a cached result to ask about again.
/// <paramref name="FoundOn"/>: the page a crawl found this image or resource on.
/// <paramref name="Fragment"/>: a link with a fragment: its page is read for anchors, and must have the fragment's.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.hosts.work-item")]
public sealed record WorkItem(
    [property: Id(0)] int Index,
    [property: Id(1)] string Url,
    [property: Id(2)] DateTimeOffset QueuedAt,
    [property: Id(3)] bool Traced,
    [property: Id(4)] int Attempts = 0,
    [property: Id(5)] int Throttled = 0,
    [property: Id(6)] bool Download = false,
    [property: Id(7)] bool Resource = false,
    [property: Id(8)] string? IfNoneMatch = null,
    [property: Id(9)] string? IfModifiedSince = null,
    [property: Id(10)] string? FoundOn = null,
    [property: Id(11)] bool Fragment = false,
    [property: Id(12)] WaitTimes? Waits = null);
