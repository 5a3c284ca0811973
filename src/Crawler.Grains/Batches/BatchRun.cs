using System.Diagnostics;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Probing;

namespace Crawler.Grains.Batches;

/// <summary>
/// What the parts of a batch's activation share (<see cref="BatchTriage"/>, <see cref="HostDispatcher"/>,
/// <see cref="ResultWriter"/>, the crawl's expansion): its id and record, this activation's claim on the store, its URLs
/// and its progress. Not thread-safe: they all run on the batch grain's turns.
/// </summary>
/// <param name="options">The record's options with their credentials (the record holds them redacted).</param>
internal sealed class BatchRun(string id, long epoch, BatchRecord record, BatchOptions options, BatchStore store, UrlBlocks urls, BatchProgress progress, TimeProvider time, Action stale)
{
    private readonly CancellationTokenSource _stopping = new();

    public string Id { get; } = id;

    /// <summary>This activation's claim on the batch (<see cref="BatchStore.ClaimAsync"/>): every write is fenced by it.</summary>
    public long Epoch { get; } = epoch;

    public BatchRecord Record { get; } = record;

    public BatchOptions Options { get; } = options;

    public string Tenant => Record.Terms.Tenant;

    /// <summary>Which cached results this batch may use and offer: its tenant's, sent with the same credentials and headers.</summary>
    public string CacheScope { get; } = $"{record.Terms.Tenant}:{options.CacheFingerprint()}";

    public BatchStore Store { get; } = store;

    public UrlBlocks Urls { get; } = urls;

    public BatchProgress Progress { get; } = progress;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Validators of cached results gone stale, by URL index, for the URL's first request to ask whether it changed. Kept
    /// in memory only: a URL sent again after a loss goes without them, as an ordinary request.
    /// </summary>
    public Dictionary<int, (string? ETag, string? LastModified)> Revalidations { get; } = [];

    public bool IsRunning => Record.State == JobState.Running;

    public bool IsFinished => Record.State.HasEnded() && Progress.Done == Record.Total;

    /// <summary>The trace of the request that started the batch: all work done for the batch joins it.</summary>
    public ActivityContext Trace => ActivityContext.TryParse(Record.TraceParent, null, out var parent) ? parent : default;

    /// <summary>Cancelled when the run stops (the batch ended, or this activation lost its claim): work in flight for it gives up.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Stop() => _stopping.Cancel();

    /// <summary>The batch holds <paramref name="total"/> URLs now (a crawl appended some).</summary>
    public void Grow(int total)
    {
        Record.Total = total;
        Progress.Grow(total);
    }

    /// <summary>A write refused because a newer activation claimed the batch ends this activation's run.</summary>
    public async Task<T> FencedAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (StaleBatchException)
        {
            stale();
            throw;
        }
    }

    public Task FencedAsync(Func<Task> write) => FencedAsync(async () =>
    {
        await write();
        return true;
    });

    /// <summary>The result of a URL that is not requested: <paramref name="outcome"/> says why.</summary>
    public UrlResult Unchecked(int index, string url, ProbeOutcome outcome, string error)
    {
        var now = Time.GetUtcNow();
        return new UrlResult
        {
            Index = index,
            Url = url,
            Outcome = outcome.Name(),
            Error = error,
            QueuedAt = Record.StartedAt ?? now,
            FinishedAt = now,
        };
    }
}
