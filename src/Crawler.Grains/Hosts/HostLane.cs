using System.Diagnostics;
using Crawler.Contracts.Checks;
using Crawler.Probing;

namespace Crawler.Grains.Hosts;

/// <summary>One batch's share of a host's work: its queue (ordered by when each URL may go), the URLs it
/// holds, and the results not yet acknowledged by the batch.</summary>
internal sealed class HostLane(string batchId, CheckOptions options)
{
    private readonly PriorityQueue<QueuedProbe, (long NotBefore, long Sequence)> _queue = new();
    private readonly HashSet<int> _held = [];
    private readonly CancellationTokenSource _cancellation = new();
    private long _sequence;

    public string BatchId { get; } = batchId;

    public CheckOptions Options { get; } = options;

    public ProbeOptions ProbeOptions { get; } = new()
    {
        Timeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
        MaxRedirects = options.MaxRedirects,
        UserAgent = options.UserAgent,
    };

    public TimeSpan MinDelay { get; } = TimeSpan.FromMilliseconds(options.PerHostDelayMs);

    public CancellationToken Cancellation => _cancellation.Token;

    public int Queued => _queue.Count;

    public int InFlight { get; set; }

    public List<CheckResult> Unreported { get; } = [];

    public bool Flushing { get; set; }

    public bool IsIdle => _queue.Count == 0 && InFlight == 0 && Unreported.Count == 0;

    /// <summary>Queues the URL unless the lane already holds it (queued, in flight or unreported).</summary>
    public bool TryAdd(WorkItem item, ActivityContext parent, long now) =>
        _held.Add(item.Index) && Enqueue(new QueuedProbe(item, 1, parent), now);

    public bool Enqueue(QueuedProbe probe, long notBefore)
    {
        _queue.Enqueue(probe, (notBefore, _sequence++));
        return true;
    }

    /// <summary>The timestamp at which the head of the queue may go, if anything is queued.</summary>
    public long? NextDue => _queue.TryPeek(out _, out var priority) ? priority.NotBefore : null;

    public QueuedProbe Dequeue() => _queue.Dequeue();

    /// <summary>The batch acknowledged these results: the lane no longer holds their URLs.</summary>
    public void Acknowledge(int count)
    {
        foreach (var result in Unreported.Take(count))
        {
            _held.Remove(result.Index);
        }

        Unreported.RemoveRange(0, count);
    }

    public void Cancel()
    {
        _cancellation.Cancel();
        _queue.Clear();
        Unreported.Clear();
        _held.Clear();
    }
}

/// <summary>A URL waiting for its turn, with the attempt it will be and the trace it belongs to.</summary>
internal sealed record QueuedProbe(WorkItem Item, int Attempt, ActivityContext Parent);
