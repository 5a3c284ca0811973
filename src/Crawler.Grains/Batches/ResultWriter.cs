using System.Diagnostics;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Grains.Crawls;
using Crawler.Probing;
using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Batches;

/// <summary>
/// The one writer of a batch's results. Reports from hosts, triage and the crawl queue up here and one drain takes all
/// that piled up, recording what is new in one store transaction (a group commit), so the store's durable-write latency
/// is paid per group, not per URL. It is the only code that changes the batch's progress; a result whose URL has one
/// already is dropped, so reporting again is harmless.
/// </summary>
/// <param name="progressed">Results were recorded: readers may read on.</param>
/// <param name="recorded">The results recorded by one write, each new: what they downloaded counts.</param>
/// <param name="drained">Everything queued is written: the batch may be complete.</param>
/// <param name="abandon">Links a crawl's shards admitted could not be stored: this activation must end (see <see cref="RecordAsync"/>).</param>
internal sealed partial class ResultWriter(
    BatchRun run,
    BatchTriage triage,
    HostDispatcher dispatcher,
    CrawlExpansion? crawl,
    Action progressed,
    Func<IReadOnlyList<UrlResult>, Task> recorded,
    Func<Task> drained,
    Action abandon,
    ILogger logger)
{
    /// <summary>Most results in one store transaction.</summary>
    private const int WriteChunk = 5_000;

    private List<UrlResult> _unwritten = [];
    private int _failures;

    // Set once a crawl's write failed after its shards admitted links: this activation writes nothing more, since a write
    // now would store those pages without the links the shards no longer offer (they count them as known).
    private bool _abandoned;
    private readonly Pulse _written = new();
    private Task _draining = Task.CompletedTask;

    /// <summary>Results queued and not yet written.</summary>
    public int Unwritten => _unwritten.Count;

    public bool IsIdle => _draining.IsCompleted;

    /// <summary>Completes when what is being written now is written (or failed).</summary>
    public Task Drained => _draining;

    /// <summary>Queues results; the task completes once they are durable (or found to have been recorded before).</summary>
    public Task WriteAsync(IReadOnlyList<UrlResult> results)
    {
        if (_abandoned)
        {
            return Task.FromException(Moved());
        }

        _unwritten.AddRange(results);
        var written = results.Count > 0 ? _written.Next : Task.CompletedTask;
        if (_draining.IsCompleted)
        {
            _draining = DrainAsync();
        }

        return written;
    }

    /// <summary>Records every URL still without a result as cancelled (<paramref name="reason"/>), a block at a time.</summary>
    public async Task CancelRemainingAsync(string reason)
    {
        foreach (var offset in run.Urls.Offsets)
        {
            var urls = await run.Urls.BlockAsync(offset);
            await WriteAsync([.. Enumerable.Range(0, urls.Length)
                .Where(i => !run.Progress.IsDone((int)offset + i))
                .Select(i => run.Unchecked((int)offset + i, urls[i], ProbeOutcome.Cancelled, reason))]);
        }
    }

    /// <summary>
    /// Takes everything queued, records what is new, and repeats until the queue is empty; then tells the batch, which
    /// may complete. Results that arrive while that happens are written by another round.
    /// </summary>
    private async Task DrainAsync()
    {
        do
        {
            while (_unwritten.Count > 0)
            {
                var batch = _unwritten;
                var written = _written.Detach(); // those waiting for exactly this batch
                _unwritten = [];
                var chunks = batch.Chunk(WriteChunk).ToList();
                try
                {
                    for (; chunks.Count > 0; chunks.RemoveAt(0))
                    {
                        await RecordAsync(chunks[0]);
                    }

                    written.TrySetResult();
                    _failures = 0;
                }
                catch (Exception ex)
                {
                    // A store that is down must not take the grain with it, nor lose what waits to be written: results
                    // made here (triage's copies, cached and excluded URLs) have no reporter to send them again. They
                    // stay queued and are written again after a pause; hosts that are told of the failure resend theirs,
                    // and the writer drops what it has already.
                    LogWriteFailed(ex, run.Id);
                    written.TrySetException(ex);
                    if (ex is StaleBatchException || _abandoned || run.Stopping.IsCancellationRequested)
                    {
                        break;
                    }

                    _unwritten.InsertRange(0, chunks.SelectMany(c => c));
                    BatchTelemetry.WriteRetries.Add(1);
                    try
                    {
                        await Task.Delay(BackoffPolicy.Reports.Delay(++_failures), run.Time, run.Stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }

            await drained();
        }
        while (_unwritten.Count > 0);
    }

    /// <summary>
    /// Records the results that are new, with the links a crawl's pages found (same transaction); then queues a copy for
    /// each later duplicate of their URLs. (A copy that misses this write is not lost: on resume its first URL is done,
    /// and triage copies the result.)
    /// </summary>
    private async Task RecordAsync(IReadOnlyList<UrlResult> results)
    {
        var fresh = results.Where(r => r.Index >= 0 && r.Index < run.Record.Total && !run.Progress.IsDone(r.Index))
            .DistinctBy(r => r.Index)
            .ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        var found = new List<FoundUrl>();
        if (crawl is not null)
        {
            try
            {
                (fresh, found) = await crawl.DiscoverAsync(fresh);
            }
            catch
            {
                // Some shards may have admitted links before the store or another shard failed: as below.
                Abandon();
                throw;
            }
        }

        var applied = true;
        using (var activity = BatchTelemetry.Source.StartActivity("record", ActivityKind.Internal, run.Trace))
        {
            activity?.SetTag("crawler.batch", run.Id);
            activity?.SetTag("crawler.results", fresh.Count);
            activity?.SetTag("crawler.found", found.Count);
            var offset = run.Record.Total;
            try
            {
                applied = await run.FencedAsync(() => run.Store.RecordAsync(
                    run.Id, run.Epoch, run.Progress.Done, [.. fresh.Select(r => (r.Index, r.Outcome, JsonSerializer.Serialize(r, CrawlerJson.Default.UrlResult)))],
                    found.Count > 0 ? (offset, [.. found.Select(f => UrlBlocks.Line(f.Depth, f.Text, f.Role, f.FoundOn))]) : null,
                    [.. fresh.Select(r => r.Download?.Sha256).OfType<string>().Distinct()],
                    fresh.Select(r => r.Page).OfType<CrawledPage>().SelectMany(CrawlCuts.Of).GroupBy(c => c.Key, c => c.Value)
                        .Select(g => KeyValuePair.Create(g.Key, g.Sum()))));
                if (!applied && crawl is not null)
                {
                    // An earlier attempt stored pages, links and a longer list this activation does not know of.
                    throw new InvalidOperationException("A write of this crawl was applied though its answer was lost; it starts again from the store.");
                }
            }
            catch (Exception) when (crawl is not null)
            {
                // The frontier's shards hold these links as admitted, and they are not stored (or stored unknown to this
                // activation): a new activation (a new epoch) makes the shards read the stored list again, and the
                // hosts' reports of these pages, sent again, offer the links once more.
                Abandon();
                throw;
            }

            if (!applied)
            {
                // An earlier attempt was applied though its answer was lost: the store's progress is the truth. What it
                // holds counts as recorded now; the rest is written again.
                LogRecordedBefore(run.Id, fresh[0].Index);
                BatchTelemetry.WritesFoundApplied.Add(1);
                await run.Progress.LoadAsync(run.Store, run.Id, run.Record.Total);
                _unwritten.AddRange(fresh.Where(r => !run.Progress.IsDone(r.Index)));
                fresh = [.. fresh.Where(r => run.Progress.IsDone(r.Index))];
            }

            _unwritten.AddRange(crawl?.Found(offset, found) ?? []);
        }

        var copies = new List<UrlResult>();
        foreach (var result in fresh)
        {
            // Whoever reported it, the URL is no longer outstanding: a report that reached an earlier activation, or
            // that raced this one's triage, must still free its host's share here.
            dispatcher.Complete(result.Index);
            if (applied)
            {
                run.Progress.Add(result);
            }

            BatchTelemetry.Results.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome));
        }

        progressed();
        await recorded(fresh);
        foreach (var result in fresh)
        {
            copies.AddRange(await triage.CopiesOfAsync(result));
        }

        _unwritten.AddRange(copies);
        await CacheAsync(fresh);
    }

    private void Abandon()
    {
        _abandoned = true;
        _unwritten.Clear(); // written by the next activation: hosts report again, triage copies again
        _written.Detach().TrySetException(Moved());
        abandon();
    }

    private JobMovedException Moved() => new($"Batch {run.Id} is moving to a new activation; report again.");

    /// <summary>How long a cached result with validators is kept after it went stale, to be asked about again.</summary>
    private static readonly TimeSpan RevalidationKeep = TimeSpan.FromDays(7);

    /// <summary>Offers fresh 2xx results (and 304s that confirmed a cached one) to the cache other batches read, when this batch uses it.</summary>
    private async Task CacheAsync(List<UrlResult> fresh)
    {
        if (run.Options.CacheTtlSeconds <= 0)
        {
            return;
        }

        var ttl = TimeSpan.FromSeconds(run.Options.CacheTtlSeconds);
        var entries = fresh
            .Where(r => r is { Outcome: "ok", Status: >= 200 and < 300, Cached: null, DuplicateOf: null } or { Outcome: "ok", Revalidated: true })
            .Select(r => NormalizedUrl.TryParse(r.Url, out var url, out _)
                ? (UrlTriage.KeyText(UrlTriage.KeyOf(url!)), JsonSerializer.Serialize(r, CrawlerJson.Default.UrlResult), Validated: (r.ETag ?? r.LastModified) is not null)
                : default)
            .Where(e => e.Item1 is not null)
            .ToList();
        try
        {
            // A result the server can be asked about again is kept past its freshness (its time is in it), for a 304 later.
            await run.Store.WriteCachedAsync(run.CacheScope, [.. entries.Where(e => !e.Validated).Select(e => (e.Item1, e.Item2))], ttl);
            await run.Store.WriteCachedAsync(run.CacheScope, [.. entries.Where(e => e.Validated).Select(e => (e.Item1, e.Item2))], ttl > RevalidationKeep ? ttl : RevalidationKeep);
        }
        catch (Exception ex)
        {
            LogCacheFailed(ex, run.Id); // the cache is a shortcut; losing a write loses nothing else
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write of batch {BatchId} from result {Index} was applied before, its answer lost; its progress is read again")]
    private partial void LogRecordedBefore(string batchId, int index);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording results of batch {BatchId} failed")]
    private partial void LogWriteFailed(Exception exception, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the result cache for batch {BatchId} failed")]
    private partial void LogCacheFailed(Exception exception, string batchId);
}
