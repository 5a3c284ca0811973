using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Grains.Hosts;
using Crawler.Probing;
using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Orleans.Runtime;

namespace Crawler.Grains.Batches;

/// <summary>
/// Coordinates one batch: hands its URLs to the grains of their hosts within the batch's concurrency,
/// records each result exactly once in the store, and wakes readers of the result stream.
/// <para>
/// Its memory does not grow with the URLs' text: the URLs stay in the store and are read a block at a time
/// (see <see cref="UrlBlocks"/>), first to triage them (on the thread pool: normalising a million URLs is
/// CPU work), later to send them. Per URL it keeps a bit (done) and, until sent, an index in its host's queue.
/// </para>
/// <para>
/// Reports from hosts interleave: they join a queue that one writer drains, many results per store write
/// (a group commit), so the store's durable-write latency is paid per group, not per URL. The writer is the
/// only code that changes progress; sending work to hosts runs beside it, also one at a time.
/// </para>
/// Everything needed to carry on is in the store, so after its silo is lost the next activation (woken by a
/// host's report, a reader or its reminder) resumes the URLs that have no result yet.
/// </summary>
[RandomPlacement]
[GrainType("checkbatch")] // the type's name when it was CheckBatchGrain: the key of stored state and reminders
public sealed partial class BatchGrain(
    [PersistentState("batch", StoreNames.Checks)] IPersistentState<BatchRecord> record,
    BatchStore store,
    UrlProber prober,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<BatchGrain> logger) : Grain, IBatchGrain, IBatchCoordinator, IRemindable
{
    private const string WatchdogReminder = "watchdog";
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(2);
    private const int WriteChunk = 5_000;

    /// <summary>
    /// How long a reader woken by the first new result waits for more before it reads: pages, not single
    /// lines, at a cost of this much latency.
    /// </summary>
    private static readonly TimeSpan ReadLinger = TimeSpan.FromMilliseconds(50);

    /// <summary>Successful probes kept in a batch's trace, evenly spread; failures are always kept.</summary>
    private const int TracedSuccesses = 1_000;

    // This activation's claim on the batch in the store (see BatchStore); 0 until claimed.
    private long _epoch;

    // Progress: changed only by the writer (DrainAsync).
    private BitArray _doneBits = new(0);
    private int _done;
    private Dictionary<string, int> _counts = [];

    // The run: rebuilt from the store on activation.
    private UrlBlocks? _blocks;
    private DispatchPlanner? _planner;
    private readonly Dictionary<int, List<int>> _duplicates = [];

    // The first index of every distinct URL: 16 bytes of key and an index a URL, rebuilt by triage on resume
    // (it goes through the blocks in order, so it reaches the same answers).
    private readonly Dictionary<UInt128, int> _firstIndex = [];
    private readonly Dictionary<string, Guid> _incarnations = new(StringComparer.Ordinal);
    private readonly Dictionary<int, WorkItem> _handedBack = [];
    private readonly HashSet<long> _triaged = [];
    private Task _triage = Task.CompletedTask;
    private CancellationTokenSource _run = new();
    private IGrainTimer? _watchdog;
    private IGrainTimer? _resume;
    private DateTimeOffset? _resumeAt;

    // Results waiting for the writer, and the pulse that says they are durable.
    private List<UrlResult> _unwritten = [];
    private readonly Pulse _written = new();
    private Task _writer = Task.CompletedTask;

    private Task _dispatcher = Task.CompletedTask;
    private bool _dispatchAgain;

    private readonly Pulse _progress = new();

    private string Id => this.GetPrimaryKeyString();

    private BatchRecord Batch => record.State;

    /// <summary>The trace of the request that started the batch: all work done for the batch joins it.</summary>
    private ActivityContext BatchTrace => ActivityContext.TryParse(Batch.TraceParent, null, out var parent) ? parent : default;

    private bool IsFinished => Batch.State.HasEnded() && _done == Batch.Total;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!record.RecordExists)
        {
            return;
        }

        // Claim first, then read: nothing an older activation writes after this point can land.
        _epoch = await store.ClaimAsync(Id);
        if (Batch.State == JobState.Queued)
        {
            return;
        }

        await LoadProgressAsync();
        if (Batch.State == JobState.Running)
        {
            LogResuming(Id, Batch.Total - _done);
            await BeginRunAsync();
        }
        else if (Batch.State == JobState.Cancelled && _done < Batch.Total)
        {
            await RecordCancelledAsync();
        }
    }

    public async Task<int> AppendAsync(int offset, IReadOnlyList<string> urls)
    {
        if (record.RecordExists && Batch.State != JobState.Queued)
        {
            throw new InvalidOperationException($"Batch {Id} has started; URLs can no longer be added.");
        }

        if (!record.RecordExists)
        {
            _epoch = await store.ClaimAsync(Id);
            Batch.State = JobState.Queued;
            Batch.CreatedAt = time.GetUtcNow();
            await record.WriteStateAsync();
        }

        var length = await FencedAsync(() => store.AppendUrlsAsync(Id, _epoch, offset, urls));
        if (length != offset + urls.Count)
        {
            throw new InvalidOperationException(
                $"Batch {Id} holds {length} URLs; an append at offset {offset} of {urls.Count} URLs does not fit.");
        }

        return (int)length;
    }

    public async Task<BatchStatus> StartAsync(BatchKind kind, BatchOptions options)
    {
        if (!record.RecordExists)
        {
            throw new InvalidOperationException($"Batch {Id} has no URLs.");
        }

        if (Batch.State != JobState.Queued)
        {
            return Status();
        }

        Batch.Total = (int)await store.CountUrlsAsync(Id);
        Batch.Kind = kind;
        Batch.Options = options.For(kind);
        Batch.State = JobState.Running;
        Batch.StartedAt = time.GetUtcNow();
        Batch.TraceParent = Activity.Current?.Id;
        Batch.CrawlShards = kind != BatchKind.Crawl ? 0 : CrawlShards.For(membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active));
        await record.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WatchdogReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        BatchTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("state", "running"));
        LogStarted(Id, Batch.Total);

        _doneBits = new BitArray(Batch.Total);
        await BeginRunAsync();
        return Status();
    }

    public Task<BatchStatus?> GetStatusAsync() => Task.FromResult(record.RecordExists ? Status() : null);

    public async Task<BatchStatus?> CancelAsync()
    {
        if (!record.RecordExists)
        {
            return null;
        }

        if (Batch.State.HasEnded())
        {
            return Status();
        }

        if (Batch.State == JobState.Queued)
        {
            Batch.Total = (int)await store.CountUrlsAsync(Id);
            _doneBits = new BitArray(Batch.Total);
        }

        var holders = _planner?.HostsWithOutstanding.ToList() ?? [];
        Batch.State = JobState.Cancelled;
        Batch.FinishedAt = time.GetUtcNow();
        StopRun();
        await record.WriteStateAsync();
        BatchTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("state", "cancelled"));
        LogCancelled(Id, Batch.Total - _done);

        await Task.WhenAll(holders.Select(async host =>
        {
            try
            {
                await GrainFactory.GetGrain<IHostGrain>(host).CancelBatchAsync(Id);
            }
            catch (Exception ex)
            {
                // The host drops the batch anyway when its next report is refused.
                LogHostUnreachable(ex, host, Id);
            }
        }));
        await RecordCancelledAsync();
        return Status();
    }

    public async Task AbandonAsync()
    {
        if (record.RecordExists && Batch.State == JobState.Queued)
        {
            await store.DeleteUnstartedAsync(Id);
            await record.ClearStateAsync();
            DeactivateOnIdle();
        }
    }

    public async Task<ResultPage> ReadResultsAsync(long from, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!record.RecordExists)
        {
            throw new KeyNotFoundException($"No batch {Id}.");
        }

        if (from >= _done && !IsFinished && wait > TimeSpan.Zero)
        {
            try
            {
                await _progress.Next.WaitAsync(wait, time, cancellationToken);
                if (!IsFinished && _done - from < max / 4)
                {
                    await Task.Delay(ReadLinger, time, cancellationToken);
                }
            }
            catch (TimeoutException)
            {
                // Nothing new yet; the reader asks again.
            }
        }

        var available = (int)Math.Clamp(_done - from, 0, max);
        var lines = available > 0 ? await store.ReadResultsAsync(Id, from, available) : [];
        return new ResultPage(from, lines, IsFinished && from + lines.Length >= Batch.Total);
    }

    public async Task<bool> ReportAsync(IReadOnlyList<UrlResult> results)
    {
        if (!record.RecordExists || Batch.State != JobState.Running)
        {
            return false;
        }

        // These requests are over: their share of the host is free now, not once the store has the
        // results. The host keeps the results until this call returns, so none is lost if the write fails.
        if (_planner is { } planner && results.Count(r => planner.Complete(r.Index)) > 0)
        {
            RequestDispatch();
        }

        await WriteAsync(results);
        return Batch.State == JobState.Running;
    }

    public Task DeferAsync(string host, IReadOnlyList<WorkItem> items, DateTimeOffset until)
    {
        if (_planner is not { } planner || Batch.State != JobState.Running)
        {
            return Task.CompletedTask;
        }

        var latest = time.GetUtcNow().AddMilliseconds(Batch.Options.MaxRetryAfterMs);
        planner.Pause(host, until < latest ? until : latest);
        planner.Return(items.Select(i => i.Index));
        foreach (var item in items.Where(i => i.Attempts > 0))
        {
            _handedBack[item.Index] = item;
        }

        LogDeferred(host, Id, items.Count, until);
        RequestDispatch();
        ScheduleResume();
        return Task.CompletedTask;
    }

    /// <summary>Plans again the moment the earliest pause of a host ends, rather than at the next watchdog tick.</summary>
    private void ScheduleResume()
    {
        if (_planner?.NextResume is not { } at || (_resumeAt is { } scheduled && scheduled <= at))
        {
            return;
        }

        _resume?.Dispose();
        _resumeAt = at;
        var due = at - time.GetUtcNow();
        _resume = this.RegisterGrainTimer(
            () =>
            {
                _resume?.Dispose();
                _resume = null;
                _resumeAt = null;
                RequestDispatch();
                ScheduleResume();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        // Activation already resumed the run; the reminder exists only to cause that activation after a
        // silo loss when no one else calls. Once the batch is finished it has nothing left to guard.
        !record.RecordExists || IsFinished ? UnregisterWatchdogAsync() : Task.CompletedTask;

    private async Task LoadProgressAsync()
    {
        if (IsCrawl)
        {
            Batch.Total = (int)await store.CountUrlsAsync(Id); // a crawl's list grows as it runs
        }

        _doneBits = await store.ReadDoneAsync(Id, Batch.Total);
        _done = 0;
        for (var i = 0; i < Batch.Total; i++)
        {
            _done += _doneBits[i] ? 1 : 0;
        }

        _counts = await store.ReadCountsAsync(Id);
    }

    /// <summary>Sets up the run and starts triaging the URLs; sending starts with the first block triaged.</summary>
    private async Task BeginRunAsync()
    {
        var options = Batch.Options;
        _planner = new DispatchPlanner(options.MaxConcurrency, options.PerHostConcurrency, time);
        _blocks = new UrlBlocks(store, Id, crawl: IsCrawl);
        await _blocks.LoadAsync();
        await BeginCrawlAsync();
        _watchdog ??= this.RegisterGrainTimer(WatchAsync, new GrainTimerCreationOptions(WatchdogPeriod, WatchdogPeriod));
        _triage = TriageAsync(_run.Token);
        if (_done == Batch.Total)
        {
            await WriteAsync([]); // nothing left: the writer completes the batch
        }
    }

    /// <summary>
    /// Goes through the URLs a block at a time: records at once those that will not be checked (invalid,
    /// excluded), those the cache knows and copies of a URL seen before; queues the rest by host.
    /// Blocks already triaged are skipped, so after a failure it simply runs again.
    /// </summary>
    private async Task TriageAsync(CancellationToken cancellation)
    {
        var filter = Batch.Options.ToUrlFilter();
        var cacheTtl = TimeSpan.FromSeconds(Batch.Options.CacheTtlSeconds);
        foreach (var offset in _blocks!.Offsets.Where(o => !_triaged.Contains(o)))
        {
            cancellation.ThrowIfCancellationRequested();
            var urls = await _blocks.BlockAsync(offset);
            var triage = await Task.Run(() => Array.ConvertAll(urls, url => UrlTriage.Of(url, filter)), cancellation);
            var checkable = Enumerable.Range(0, urls.Length).Where(i => triage[i].Key is not null).ToList();
            var firsts = checkable.Select(i => _firstIndex.TryAdd(triage[i].Key!.Value, (int)offset + i) ? (int)offset + i : _firstIndex[triage[i].Key!.Value]).ToList();

            var cached = cacheTtl > TimeSpan.Zero ? await store.ReadCachedAsync([.. checkable.Select(i => UrlTriage.KeyText(triage[i].Key!.Value))]) : null;
            cancellation.ThrowIfCancellationRequested();

            var immediate = new List<UrlResult>();
            var copies = new List<(int Index, string Url, int Of)>();
            for (var i = 0; i < urls.Length; i++)
            {
                var index = (int)offset + i;
                if (_doneBits[index] || triage[i].Rejected is not { } rejected)
                {
                    continue;
                }

                immediate.Add(Unchecked(index, urls[i], rejected, triage[i].Reason!));
            }

            for (var n = 0; n < checkable.Count; n++)
            {
                var i = checkable[n];
                var index = (int)offset + i;
                if (_doneBits[index])
                {
                    continue;
                }

                if (firsts[n] != index)
                {
                    copies.Add((index, urls[i], firsts[n]));
                }
                else if (cached?[n] is { } hit && JsonSerializer.Deserialize(hit, CrawlerJson.Default.UrlResult) is { } earlier)
                {
                    immediate.Add(earlier with { Index = index, Url = urls[i], Cached = true, DuplicateOf = null, QueuedAt = time.GetUtcNow() });
                }
                else
                {
                    Queue(triage[i].Host!, index, urls[i], immediate);
                }
            }

            immediate.AddRange(await CopiesAsync(copies));
            _triaged.Add(offset);
            RequestDispatch();
            await WriteAsync(immediate);
        }
    }

    /// <summary>
    /// Results for later copies of a URL: the first one's result, once it has one. Copies whose first has no
    /// result yet wait for it (see <see cref="RecordAsync"/>).
    /// </summary>
    private async Task<List<UrlResult>> CopiesAsync(List<(int Index, string Url, int Of)> copies)
    {
        var results = new List<UrlResult>();
        foreach (var copy in copies)
        {
            if (!_doneBits[copy.Of])
            {
                (_duplicates.TryGetValue(copy.Of, out var list) ? list : _duplicates[copy.Of] = []).Add(copy.Index);
            }
            else if (await store.ReadResultAsync(Id, copy.Of) is { } json && JsonSerializer.Deserialize(json, CrawlerJson.Default.UrlResult) is { } first)
            {
                results.Add(first with { Index = copy.Index, Url = copy.Url, DuplicateOf = copy.Of });
            }
        }

        return results;
    }

    /// <summary>Queues results for the writer and waits until they are durable (or found to be duplicates).</summary>
    private Task WriteAsync(IReadOnlyList<UrlResult> results)
    {
        _unwritten.AddRange(results);
        var written = results.Count > 0 ? _written.Next : Task.CompletedTask;
        if (_writer.IsCompleted)
        {
            _writer = DrainAsync();
        }

        return written;
    }

    /// <summary>
    /// The one writer: takes everything queued, records what is new in one store call, updates progress,
    /// wakes readers and the dispatcher, and repeats until the queue is empty. Then completes the batch
    /// when every URL has its result.
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
                try
                {
                    foreach (var chunk in batch.Chunk(WriteChunk))
                    {
                        await RecordAsync(chunk);
                    }

                    written.TrySetResult();
                }
                catch (Exception ex)
                {
                    // Reporters try again; a store that is down must not take the grain with it.
                    LogWriteFailed(ex, Id);
                    written.TrySetException(ex);
                }
            }

            if (Batch.State == JobState.Running && _done == Batch.Total)
            {
                await CompleteAsync();
            }
            else
            {
                RequestDispatch();
            }
        }
        while (_unwritten.Count > 0); // late duplicates that arrived while completing
    }

    /// <summary>
    /// Records the results that are new; then queues a copy for each later duplicate of their URLs. (A copy
    /// that misses this write is not lost: on resume its first URL is done, and triage copies the result.)
    /// </summary>
    private async Task RecordAsync(IReadOnlyList<UrlResult> results)
    {
        var fresh = results.Where(r => r.Index >= 0 && r.Index < Batch.Total && !_doneBits[r.Index])
            .DistinctBy(r => r.Index)
            .ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        (fresh, var found) = await DiscoverAsync(fresh);

        using (var activity = BatchTelemetry.Source.StartActivity("record", ActivityKind.Internal, BatchTrace))
        {
            activity?.SetTag("crawler.batch", Id);
            activity?.SetTag("crawler.results", fresh.Count);
            activity?.SetTag("crawler.found", found.Count);
            var offset = Batch.Total;
            try
            {
                await FencedAsync(() => store.RecordAsync(
                    Id, _epoch, _done, [.. fresh.Select(r => (r.Index, r.Outcome, JsonSerializer.Serialize(r, CrawlerJson.Default.UrlResult)))],
                    found.Count > 0 ? (offset, [.. found.Select(f => UrlBlocks.Line(f.Depth, f.Url.ToString(), f.Image))]) : null));
            }
            catch (Exception) when (found.Count > 0)
            {
                // The frontier's shards hold these links as admitted, and they are not stored: a new activation (a new
                // epoch) makes the shards read the stored list again, and the hosts' reports of these pages, sent again,
                // offer the links once more.
                DeactivateOnIdle();
                throw;
            }

            Found(offset, found);
        }

        var copies = new List<(UrlResult First, List<int> Indices)>();
        foreach (var result in fresh)
        {
            // Whoever reported it, the URL is no longer outstanding: a report that reached an earlier
            // activation, or that raced this one's triage, must still free its host's share here.
            _planner?.Complete(result.Index);
            _doneBits[result.Index] = true;
            _counts[result.Outcome] = _counts.GetValueOrDefault(result.Outcome) + 1;
            if (_duplicates.Remove(result.Index, out var duplicates))
            {
                copies.Add((result, duplicates));
            }

            BatchTelemetry.Results.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome));
        }

        _done += fresh.Count;
        WakeReaders();
        foreach (var (first, indices) in copies)
        {
            var urls = await _blocks!.UrlsAsync(indices);
            _unwritten.AddRange(indices.Select((index, n) => first with { Index = index, Url = urls[n], DuplicateOf = first.Index }));
        }

        await CacheAsync(fresh);
    }

    /// <summary>Offers fresh 2xx results to the cache other batches read, when this batch uses it.</summary>
    private async Task CacheAsync(List<UrlResult> fresh)
    {
        if (Batch.Options.CacheTtlSeconds <= 0)
        {
            return;
        }

        var entries = fresh
            .Where(r => r is { Outcome: "ok", Status: >= 200 and < 300, Cached: null, DuplicateOf: null })
            .Select(r => NormalizedUrl.TryParse(r.Url, out var url, out _) ? (UrlTriage.KeyText(UrlTriage.KeyOf(url!)), JsonSerializer.Serialize(r, CrawlerJson.Default.UrlResult)) : default)
            .Where(e => e.Item1 is not null)
            .ToList();
        try
        {
            await store.WriteCachedAsync(entries, TimeSpan.FromSeconds(Batch.Options.CacheTtlSeconds));
        }
        catch (Exception ex)
        {
            LogCacheFailed(ex, Id); // the cache is a shortcut; losing a write loses nothing else
        }
    }

    /// <summary>Runs the dispatcher, or asks the running one to go round once more.</summary>
    private void RequestDispatch()
    {
        _dispatchAgain = true;
        if (_dispatcher.IsCompleted)
        {
            _dispatcher = DispatchLoopAsync();
        }
    }

    private async Task DispatchLoopAsync()
    {
        while (_dispatchAgain)
        {
            _dispatchAgain = false;
            await DispatchAsync();
        }
    }

    /// <summary>Sends what the planner allows to the hosts' grains, inside the batch's trace.</summary>
    private async Task DispatchAsync()
    {
        if (_planner is not { } planner || _blocks is not { } blocks || Batch.State != JobState.Running)
        {
            return;
        }

        var plan = planner.Plan();
        if (plan.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var stride = Math.Max(1, Batch.Total / TracedSuccesses);
        await Task.WhenAll(plan.Select(async assignment =>
        {
            // The first sending to a host is a span of the batch's trace; top-ups, hundreds per host in a big
            // batch, are not (their probes still join the trace, through HostWork.TraceParent).
            var first = !_incarnations.ContainsKey(assignment.Host);
            using var activity = first ? BatchTelemetry.Source.StartActivity("dispatch", ActivityKind.Internal, BatchTrace) : null;
            if (!first)
            {
                Activity.Current = null;
            }

            activity?.SetTag("crawler.batch", Id);
            activity?.SetTag("crawler.host", assignment.Host);
            activity?.SetTag("crawler.urls", assignment.Indices.Count);
            activity?.SetTag("crawler.share", assignment.Share);
            try
            {
                // Recorded meanwhile (a report that raced triage): nothing to send for those.
                var indices = new List<int>(assignment.Indices.Count);
                foreach (var index in assignment.Indices)
                {
                    if (_doneBits[index])
                    {
                        planner.Complete(index);
                    }
                    else
                    {
                        indices.Add(index);
                    }
                }

                var urls = await blocks.UrlsAsync(indices);
                var images = new bool[indices.Count];
                for (var n = 0; IsCrawl && n < indices.Count; n++)
                {
                    images[n] = await blocks.IsImageAsync(indices[n]);
                }

                var items = indices
                    .Select((index, n) => _handedBack.Remove(index, out var prior)
                        ? new WorkItem(index, urls[n], now, index % stride == 0, prior.Attempts, prior.Throttled, images[n])
                        : new WorkItem(index, urls[n], now, index % stride == 0, Download: images[n]))
                    .ToList();
                var incarnation = await GrainFactory.GetGrain<IHostGrain>(assignment.Host)
                    .EnqueueAsync(new HostWork(Id, Batch.Kind, items.Count > 0 ? OptionsFor(assignment.Host, items[0].Url) : Batch.Options, assignment.Share, items, Batch.TraceParent));
                Observe(assignment.Host, incarnation);
            }
            catch (Exception ex)
            {
                // The watchdog sends them again on its next tick.
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                LogHostUnreachable(ex, assignment.Host, Id);
                planner.Return(assignment.Indices);
            }
        }));
    }

    /// <summary>
    /// Notes which incarnation of a host's grain holds our URLs. A new one means the old queue died with its
    /// silo: everything outstanding there goes back to pending, to be sent again.
    /// </summary>
    private void Observe(string host, Guid incarnation)
    {
        var changed = _incarnations.TryGetValue(host, out var known) && known != incarnation;
        _incarnations[host] = incarnation;
        if (changed && _planner is not null)
        {
            var lost = _planner.ReturnAll(host);
            BatchTelemetry.Redispatched.Add(lost);
            LogHostLost(host, Id, lost);
            RequestDispatch();
        }
    }

    /// <summary>
    /// Finds hosts whose grain was lost (a new incarnation answers) and sends their outstanding URLs again;
    /// restarts a triage that failed; plans again (a paused host may be due).
    /// URLs sent twice are harmless: results are recorded once.
    /// </summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        if (_planner is null || Batch.State != JobState.Running)
        {
            return;
        }

        LogWatch(Id, _done, Batch.Total, _planner.Pending, _planner.Outstanding, _triage.Status, _unwritten.Count, _writer.IsCompleted, _dispatcher.IsCompleted);
        if (_triage.IsFaulted)
        {
            LogTriageFailed(_triage.Exception, Id);
            _triage = TriageAsync(_run.Token);
        }

        await Task.WhenAll(_planner.HostsWithOutstanding.ToList().Select(async host =>
        {
            try
            {
                Observe(host, await GrainFactory.GetGrain<IHostGrain>(host).GetIncarnationAsync());
            }
            catch (Exception ex)
            {
                LogHostUnreachable(ex, host, Id);
            }
        }));
        RequestDispatch();
    }

    private async Task CompleteAsync()
    {
        Batch.State = JobState.Completed;
        Batch.FinishedAt = time.GetUtcNow();
        StopRun();
        await record.WriteStateAsync();
        await UnregisterWatchdogAsync();
        BatchTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("state", "completed"));
        LogCompleted(Id, Batch.Total, (Batch.FinishedAt - Batch.StartedAt)?.TotalSeconds ?? 0);
        WakeReaders();
    }

    /// <summary>Reports every URL still without a result as cancelled.</summary>
    private async Task RecordCancelledAsync()
    {
        var blocks = _blocks ?? new UrlBlocks(store, Id);
        if (_blocks is null)
        {
            await blocks.LoadAsync();
        }

        foreach (var offset in blocks.Offsets)
        {
            var urls = await blocks.BlockAsync(offset);
            await WriteAsync([.. Enumerable.Range(0, urls.Length)
                .Where(i => !_doneBits[(int)offset + i])
                .Select(i => Unchecked((int)offset + i, urls[i], ProbeOutcome.Cancelled, "batch cancelled"))]);
        }

        await UnregisterWatchdogAsync();
        WakeReaders();
    }

    /// <summary>A write refused because a newer activation claimed the batch ends this activation.</summary>
    private async Task<T> FencedAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (StaleBatchException)
        {
            LogStale(Id);
            StopRun();
            DeactivateOnIdle();
            throw;
        }
    }

    private Task FencedAsync(Func<Task> write) => FencedAsync(async () =>
    {
        await write();
        return true;
    });

    private void StopRun()
    {
        _run.Cancel();
        _run = new CancellationTokenSource();
        _watchdog?.Dispose();
        _watchdog = null;
        _resume?.Dispose();
        _resume = null;
        _resumeAt = null;
        _planner = null;
    }

    private async Task UnregisterWatchdogAsync()
    {
        if (await this.GetReminder(WatchdogReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void WakeReaders() => _progress.Fire();

    private UrlResult Unchecked(int index, string url, ProbeOutcome outcome, string error)
    {
        var now = time.GetUtcNow();
        return new UrlResult
        {
            Index = index,
            Url = url,
            Outcome = outcome.Name(),
            Error = error,
            QueuedAt = Batch.StartedAt ?? now,
            FinishedAt = now,
        };
    }

    private BatchStatus Status() => new()
    {
        Id = Id,
        Kind = Batch.Kind,
        State = Batch.State,
        Total = Batch.Total,
        Done = _done,
        Ok = _counts.GetValueOrDefault(ProbeOutcome.Ok.Name()),
        Failed = _counts.Where(c => c.Key != ProbeOutcome.Ok.Name() && !ProbeOutcomes.IsSkip(c.Key)).ToDictionary(),
        Skipped = _counts.Where(c => ProbeOutcomes.IsSkip(c.Key)).ToDictionary(),
        CreatedAt = Batch.CreatedAt,
        StartedAt = Batch.StartedAt,
        FinishedAt = Batch.FinishedAt,
        Options = Batch.Options.Redact(),
        Silo = silo.Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} started with {Total} URLs")]
    private partial void LogStarted(string batchId, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} resumes with {Remaining} URLs left")]
    private partial void LogResuming(string batchId, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} completed {Total} URLs in {Seconds:0.00} s")]
    private partial void LogCompleted(string batchId, int total, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} cancelled with {Remaining} URLs left")]
    private partial void LogCancelled(string batchId, int remaining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} lost {Count} URLs of batch {BatchId}; sending them again")]
    private partial void LogHostLost(string host, string batchId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} handed back {Count} URLs of batch {BatchId}, paused until {Until}")]
    private partial void LogDeferred(string host, string batchId, int count, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} did not answer for batch {BatchId}")]
    private partial void LogHostUnreachable(Exception exception, string host, string batchId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch {BatchId}: {Done}/{Total} done, {Pending} pending, {Outstanding} at hosts, triage {Triage}, {Unwritten} unwritten, writer idle {WriterIdle}, dispatcher idle {DispatcherIdle}")]
    private partial void LogWatch(string batchId, int done, int total, int pending, int outstanding, TaskStatus triage, int unwritten, bool writerIdle, bool dispatcherIdle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} was claimed by a newer activation; this one stops")]
    private partial void LogStale(string batchId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording results of batch {BatchId} failed")]
    private partial void LogWriteFailed(Exception exception, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Triage of batch {BatchId} failed; the watchdog starts it again")]
    private partial void LogTriageFailed(Exception? exception, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the result cache for batch {BatchId} failed")]
    private partial void LogCacheFailed(Exception exception, string batchId);
}
