using System.Diagnostics;
using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.Probing;

namespace Crawler.Grains.Hosts;

/// <summary>One batch's share of a host's work: its queue (ordered by when each URL may go), the URLs it
/// holds, and the results not yet acknowledged by the batch.</summary>
internal sealed class HostLane(string batchId, BatchOptions options, TimeProvider time, IResponseReader? reader = null)
{
    private readonly PriorityQueue<QueuedProbe, (long NotBefore, long Sequence)> _queue = new();
    private readonly HashSet<int> _held = [];
    private readonly CancellationTokenSource _cancellation = new();
    private long _sequence;

    public string BatchId { get; } = batchId;

    public BatchOptions Options { get; } = options;

    /// <summary>The batch's kind (a check, a download or a crawl).</summary>
    public BatchKind Kind { get; init; } = BatchKind.Check;

    public ProbeOptions ProbeOptions { get; } = options.ToProbeOptions() with { Reader = reader };

    /// <summary>How items marked <see cref="WorkItem.Download"/> are fetched (null when the lane has none).</summary>
    public ProbeOptions? DownloadOptions { get; init; }

    /// <summary>How items marked <see cref="WorkItem.Fragment"/> are fetched: their page read again for its anchors.</summary>
    public ProbeOptions? FragmentOptions { get; init; }

    /// <summary>
    /// How items marked <see cref="WorkItem.Resource"/> are checked: with HEAD (GET when the server cannot answer HEAD), as no
    /// body is read — a GET would have the server send a whole image or script only to have the connection dropped.
    /// </summary>
    public ProbeOptions ResourceOptions { get; } = options.ToProbeOptions() with { HeadFirst = true };

    /// <summary>Least time between two starts; a crawl raises it to the Crawl-delay of the host's robots.txt.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(options.PerHostDelayMs);

    /// <summary>The longest Retry-After the batch waits for; a URL asked to wait longer is reported with its answer.</summary>
    public TimeSpan MaxRetryAfter { get; } = TimeSpan.FromMilliseconds(options.MaxRetryAfterMs);

    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>How long the lane's due URLs were held, per reason: what each URL waited for is read off it.</summary>
    public WaitClock Clock { get; } = new(time);

    public int Queued => _queue.Count;

    public int InFlight { get; set; }

    /// <summary>The batch's share of this host: its requests in flight here at once, at most.</summary>
    public int Share { get; set; } = 1;

    public bool HasRoom => InFlight < Share;

    /// <summary>Results not yet sent to the batch.</summary>
    public List<UrlResult> Unreported { get; } = [];

    /// <summary>A flush is waiting to gather results; more results need not start another.</summary>
    public bool FlushPending { get; set; }

    /// <summary>Results sent to the batch and not yet acknowledged.</summary>
    public int Sending { get; private set; }

    /// <summary>URLs their server asked to wait, not yet handed back to the batch, with the time each may be asked again.</summary>
    public List<(WorkItem Item, DateTimeOffset NotBefore)> Parked { get; } = [];

    /// <summary>A hand-back of parked URLs is gathering them or under way.</summary>
    public bool HandingBack { get; set; }

    public bool IsIdle => _queue.Count == 0 && InFlight == 0 && Unreported.Count == 0 && Sending == 0 && !FlushPending && Parked.Count == 0 && !HandingBack;

    /// <summary>Queues the URL unless the lane already holds it (queued, in flight or unreported).</summary>
    public bool TryAdd(WorkItem item, ActivityContext parent, long notBefore) =>
        _held.Add(item.Index) && Enqueue(new QueuedProbe(item, item.Attempts + 1, parent, item.Throttled) { Waited = item.Waits ?? WaitTimes.None }, notBefore);

    /// <summary>Queues <paramref name="probe"/> to go at <paramref name="notBefore"/>; from then on, what holds the lane holds it.</summary>
    public bool Enqueue(QueuedProbe probe, long notBefore)
    {
        _queue.Enqueue(probe with { DueAt = notBefore, ClockAtArrival = Clock.Read(time.GetTimestamp()) }, (notBefore, _sequence++));
        return true;
    }

    /// <summary>What <paramref name="probe"/> has waited for, over all its attempts, until now.</summary>
    public WaitTimes WaitedSoFar(QueuedProbe probe) =>
        probe.Waited + Clock.Since(probe.ClockAtArrival, probe.DueAt, time.GetTimestamp());

    /// <summary>The timestamp at which the head of the queue may go, if anything is queued.</summary>
    public long? NextDue => _queue.TryPeek(out _, out var priority) ? priority.NotBefore : null;

    public QueuedProbe Dequeue() => _queue.Dequeue();

    /// <summary>
    /// Empties the queue, for handing its URLs back to the batch, which sends them again after <paramref name="pause"/> (the
    /// host's); the lane no longer holds them.
    /// </summary>
    public List<WorkItem> TakeQueued(TimeSpan pause)
    {
        var items = new List<WorkItem>(_queue.Count);
        while (_queue.TryDequeue(out var probe, out _))
        {
            _held.Remove(probe.Item.Index);
            var waits = WaitedSoFar(probe) + new WaitTimes(RetryAfterMs: Math.Max(0, pause.TotalMilliseconds));
            items.Add(probe.Item with { Attempts = probe.Attempt - 1, Throttled = probe.Throttled, Waits = waits });
        }

        return items;
    }

    /// <summary>
    /// Holds <paramref name="probe"/> (its next attempt) for the batch until <paramref name="notBefore"/>; the lane no longer
    /// holds its URL once it is handed back.
    /// </summary>
    public void Park(QueuedProbe probe, DateTimeOffset notBefore) =>
        Parked.Add((probe.Item with { Attempts = probe.Attempt - 1, Throttled = probe.Throttled, Waits = probe.Waited }, notBefore));

    /// <summary>Takes the parked URLs to hand back, and the time when all of them may go: they share that one wait.</summary>
    public (List<WorkItem> Items, DateTimeOffset NotBefore) TakeParked()
    {
        var items = Parked.Select(p => p.Item).ToList();
        var notBefore = Parked.Count == 0 ? DateTimeOffset.MinValue : Parked.Max(p => p.NotBefore);
        Parked.Clear();
        foreach (var item in items)
        {
            _held.Remove(item.Index);
        }

        return (items, notBefore);
    }

    /// <summary>Takes up to <paramref name="max"/> results to send; they count as sending until acknowledged.</summary>
    public UrlResult[] TakeUnreported(int max)
    {
        var taken = Unreported.Take(max).ToArray();
        Unreported.RemoveRange(0, taken.Length);
        Sending += taken.Length;
        return taken;
    }

    /// <summary>The batch has these results: the lane no longer holds their URLs.</summary>
    public void Acknowledge(IReadOnlyList<UrlResult> results)
    {
        foreach (var result in results)
        {
            _held.Remove(result.Index);
        }

        Sending -= results.Count;
    }

    public void Cancel()
    {
        _cancellation.Cancel();
        _queue.Clear();
        Unreported.Clear();
        Parked.Clear();
        _held.Clear();
    }

    public bool IsCancelled => _cancellation.IsCancellationRequested;
}

/// <summary>
/// A URL waiting for its turn, with the attempt it will be, how many earlier attempts the host answered
/// with a request to wait, and the trace it belongs to.
/// </summary>
internal sealed record QueuedProbe(WorkItem Item, int Attempt, ActivityContext Parent, int Throttled = 0)
{
    /// <summary>Attempts that failed on their own merits: only these count against the batch's retries.</summary>
    public int Failures => Attempt - Throttled;

    /// <summary>What the URL waited for before it reached this lane's queue this time (earlier attempts, the batch, its own wait).</summary>
    public WaitTimes Waited { get; init; } = WaitTimes.None;

    /// <summary>When it may go (a timestamp).</summary>
    public long DueAt { get; init; }

    /// <summary>The lane's <see cref="WaitClock"/> when it was queued.</summary>
    public double[] ClockAtArrival { get; init; } = [];
}
