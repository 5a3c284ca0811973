using System.Diagnostics;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Documents;
using Crawler.Contracts.Tenants;
using Crawler.Crawling;
using Crawler.Grains.Crawls;
using Crawler.Grains.Hosts;
using Crawler.Grains.Jobs;
using Crawler.Grains.Retention;
using Crawler.Probing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Crawler.Grains.Batches;

/// <summary>
/// Owns one batch — a check, a download or a crawl (<see cref="BatchKind"/>) — from its first URL to its last result:
/// its record, its lifecycle, and the parts of its run, each a class of its own that runs on this grain's turns:
/// <see cref="BatchTriage"/> sorts the URLs, <see cref="HostDispatcher"/> sends them to their hosts' grains,
/// <see cref="ResultWriter"/> records each result exactly once, and for a crawl <see cref="CrawlExpansion"/> adds the
/// links its pages find.
/// <para>
/// Its memory does not grow with the URLs' text: the URLs stay in the store and are read a block at a time
/// (<see cref="UrlBlocks"/>). Everything needed to carry on is in the store, so after its silo is lost the next
/// activation (woken by a host's report, a reader or its reminder) resumes the URLs that have no result yet.
/// </para>
/// </summary>
[RandomPlacement]
// A batch that has ended is all in the store, and its next reader activates it again from there: an activation of an
// ended batch nobody reads is memory held for nothing (thousands of small batches an hour are a service's normal day).
[CollectionAgeLimit(Minutes = 2)]
[GrainType("checkbatch")] // the type's name when it was CheckBatchGrain: the key of stored state and reminders
public sealed partial class BatchGrain(
    [PersistentState("batch", CrawlerCluster.BatchStorage)] IPersistentState<BatchRecord> record,
    BatchStore store,
    BatchSecrets secrets,
    JobRetention retention,
    IOptions<RetentionOptions> retentionOptions,
    UrlProber prober,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<BatchGrain> logger) : Grain, IBatchGrain, IBatchCoordinator, IRemindable
{
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a reader woken by the first new result waits for more before it reads: pages, not single lines, at a
    /// cost of this much latency.
    /// </summary>
    private static readonly TimeSpan ReadLinger = TimeSpan.FromMilliseconds(50);

    private readonly BatchProgress _progress = new();
    private JobLifecycle? _lifecycle;
    private BatchTenancy? _tenancy;

    // The options the batch runs with: the record's, with their credentials unsealed.
    private BatchOptions? _options;

    // This activation's claim on the batch in the store (see BatchStore); 0 until claimed.
    private long _epoch;

    // The run's parts: made once an activation has a record to run (or to cancel).
    private BatchRun? _run;
    private BatchTriage? _triage;
    private HostDispatcher? _dispatcher;
    private CrawlExpansion? _crawl;
    private ResultWriter? _writer;
    private Task _triaging = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    private BatchRecord Batch => record.State;

    private JobLifecycle Lifecycle => _lifecycle ??= new JobLifecycle(this, time);

    private BatchTenancy Tenancy => _tenancy ??= new BatchTenancy(Id, () => Batch.Terms, GrainFactory, retention, logger);

    private bool IsFinished => Batch.State.HasEnded() && _progress.Done == Batch.Total;

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

        if (Batch.Kind == BatchKind.Crawl)
        {
            Batch.Total = (int)await store.CountUrlsAsync(Id); // a crawl's list grows as it runs
        }

        await _progress.LoadAsync(store, Id, Batch.Total);
        if (Batch.State == JobState.Running)
        {
            LogResuming(Id, Batch.Total - _progress.Done);
            // A start whose answer was lost may have stored the record and stopped before these: without them the sweep
            // would take the running batch for an abandoned upload, and no reminder would bring it back after a silo loss.
            await retention.ForgetAsync(JobKey.Batch(Id));
            await Lifecycle.GuardAsync();
            await BeginRunAsync();
        }
        else if (Batch.State == JobState.Cancelled && _progress.Done < Batch.Total)
        {
            await RecordCancelledAsync();
        }
    }

    /// <summary>
    /// Leaving (its silo stops, or it is idle): the write under way is finished; results not yet written stay with their
    /// hosts, which deliver them to the next activation.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopRun();
        try
        {
            await (_writer?.Drained ?? Task.CompletedTask).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or StaleBatchException)
        {
            // Not written: reported again to the next activation.
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

            // An upload cut off (its client or the API died) never starts: the retention sweep deletes it and its URLs.
            await retention.ScheduleAsync(JobKey.Batch(Id), Batch.CreatedAt + retentionOptions.Value.AbandonUnstartedAfter);
        }

        long length;
        try
        {
            length = await store.AppendUrlsAsync(Id, _epoch, offset, urls);
        }
        catch (StaleBatchException)
        {
            Stale();
            throw;
        }

        if (length != offset + urls.Count)
        {
            throw new InvalidOperationException(
                $"Batch {Id} holds {length} URLs; an append at offset {offset} of {urls.Count} URLs does not fit.");
        }

        return (int)length;
    }

    public async Task<BatchStatus> StartAsync(BatchKind kind, BatchOptions options, JobTerms terms)
    {
        if (!record.RecordExists)
        {
            throw new InvalidOperationException($"Batch {Id} has no URLs.");
        }

        if (Batch.State != JobState.Queued)
        {
            return Status();
        }

        try
        {
            return await BeginAsync(kind, options, terms);
        }
        catch
        {
            // This activation's record may say running while the store does not, or the run may not have begun: it goes, and
            // the start sent again finds the store's truth in the next one (which resumes the run if the record was written).
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task<BatchStatus> BeginAsync(BatchKind kind, BatchOptions options, JobTerms terms)
    {
        Batch.Total = (int)await store.CountUrlsAsync(Id);
        Batch.Kind = kind;
        _options = options.For(kind);
        (Batch.Options, Batch.SealedSecrets) = secrets.Seal(_options);
        Batch.Terms = terms;
        Batch.State = JobState.Running;
        if (kind == BatchKind.Download || _options.Crawl is { Images: true })
        {
            await store.MarkContentAsync(Id);
        }

        Batch.StartedAt = time.GetUtcNow();
        Batch.TraceParent = Activity.Current?.Id;
        Batch.CrawlShards = kind != BatchKind.Crawl ? 0 : CrawlShards.For(membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active));
        await record.WriteStateAsync();
        await retention.ForgetAsync(JobKey.Batch(Id)); // expires once it has ended, as every job does
        await Lifecycle.GuardAsync();
        BatchTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("state", "running"));
        LogStarted(Id, Batch.Total);

        _progress.Reset(Batch.Total);
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

        if (Batch.State == JobState.Queued)
        {
            Batch.Total = (int)await store.CountUrlsAsync(Id);
            _progress.Reset(Batch.Total);
        }

        if (!Batch.State.HasEnded())
        {
            await StopAsync(null);
        }

        return Status();
    }

    /// <summary>Ends the batch before its URLs are all checked: by its owner, or by a limit (<paramref name="reason"/>).</summary>
    private async Task StopAsync(string? reason)
    {
        var holders = _dispatcher?.HostsWithOutstanding ?? [];
        (Batch.State, Batch.StopReason, Batch.FinishedAt, Batch.SealedSecrets) = (JobState.Cancelled, reason, time.GetUtcNow(), null);
        StopRun();
        await record.WriteStateAsync();
        BatchTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("state", "cancelled"));
        LogCancelled(Id, Batch.Total - _progress.Done, reason ?? "by its owner");

        await (_dispatcher?.CancelAsync(holders) ?? Task.CompletedTask);
        await RecordCancelledAsync();
        await EndedAsync();
    }

    public async Task AttachLinksAsync(DocumentLinkTable links)
    {
        if (!record.RecordExists || Batch.State != JobState.Queued)
        {
            throw new InvalidOperationException($"Batch {Id} is not an upload waiting to start; links can no longer be attached.");
        }

        await store.WriteLinksAsync(Id, await Task.Run(() => LinkTables.Pack(links)));
    }

    public async Task<DocumentLinkTable?> ReadLinksAsync() =>
        await store.ReadLinksAsync(Id) is { } packed ? await Task.Run(() => LinkTables.Unpack(packed)) : null;

    public async Task AbandonAsync()
    {
        if (record.RecordExists && Batch.State == JobState.Queued)
        {
            await store.DeleteUnstartedAsync(Id);
            await record.ClearStateAsync();
            DeactivateOnIdle();
        }
    }

    public async Task<bool> PurgeAsync()
    {
        if (!record.RecordExists)
        {
            return false;
        }

        if (Batch.State == JobState.Queued)
        {
            LogAbandoned(Id, Batch.CreatedAt);
            await AbandonAsync();
            return true;
        }

        var running = !Batch.State.HasEnded();
        var holders = running ? _dispatcher?.HostsWithOutstanding ?? [] : [];
        StopRun();
        await (_dispatcher?.CancelAsync(holders) ?? Task.CompletedTask);

        await store.DeleteAsync(Id, Math.Max(Batch.Total, (int)await store.CountUrlsAsync(Id)));
        var (tenant, finished) = (Batch.Terms.Tenant, Batch.FinishedAt);
        await record.ClearStateAsync();
        await Lifecycle.UnguardAsync();
        await Tenancy.ForgetAsync(tenant, wasRunning: running);

        LogPurged(Id, finished);
        Lifecycle.Progressed(); // readers waiting on it find it gone
        DeactivateOnIdle();
        return true;
    }

    public async Task<ResultPage> ReadResultsAsync(long from, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!record.RecordExists)
        {
            throw new KeyNotFoundException($"No batch {Id}.");
        }

        if (from >= _progress.Done && !IsFinished && wait > TimeSpan.Zero
            && await Lifecycle.WaitForProgressAsync(wait, cancellationToken)
            && !IsFinished && _progress.Done - from < max / 4)
        {
            await Task.Delay(ReadLinger, time, cancellationToken);
        }

        var available = (int)Math.Clamp(_progress.Done - from, 0, max);
        var lines = available > 0 ? await store.ReadResultsAsync(Id, from, available) : [];
        var page = new ResultPage(from, lines, IsFinished && from + lines.Length >= Batch.Total);
        if (page.Finished)
        {
            // Read to its end: nothing is left that the store does not hold, and a later call activates it from there.
            DeactivateOnIdle();
        }

        return page;
    }

    public async Task<bool> ReportAsync(IReadOnlyList<UrlResult> results)
    {
        if (!record.RecordExists || Batch.State != JobState.Running || _writer is null)
        {
            return false;
        }

        // These requests are over: their share of the host is free now, not once the store has the results. The host
        // keeps the results until this call returns, so none is lost if the write fails.
        if (_dispatcher is { } dispatcher && results.Count(r => dispatcher.Complete(r.Index)) > 0)
        {
            dispatcher.Request();
        }

        await _writer.WriteAsync(results);
        return Batch.State == JobState.Running;
    }

    public Task DeferAsync(string host, IReadOnlyList<WorkItem> items, DateTimeOffset until)
    {
        _dispatcher?.Defer(host, items, until);
        return Task.CompletedTask;
    }

    public Task RetryLaterAsync(IReadOnlyList<WorkItem> items, DateTimeOffset notBefore)
    {
        _dispatcher?.RetryLater(items, notBefore);
        return Task.CompletedTask;
    }

    public async Task StopForLimitAsync(string reason)
    {
        if (record.RecordExists && Batch.State == JobState.Running)
        {
            await StopAsync(reason);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        // Activation already resumed the run; the reminder exists only to cause that activation after a silo loss when
        // no one else calls. Once the batch is finished it has nothing left to guard.
        !record.RecordExists || IsFinished ? Lifecycle.UnguardAsync() : Task.CompletedTask;

    /// <summary>Makes the run's parts, over the URLs the store holds.</summary>
    private async Task<BatchRun> PrepareAsync()
    {
        if (_run is { } prepared)
        {
            return prepared;
        }

        var urls = new UrlBlocks(store, Id, crawl: Batch.Kind == BatchKind.Crawl);
        await urls.LoadAsync();
        _options ??= secrets.Open(Batch.Options, Batch.SealedSecrets);
        var run = _run = new BatchRun(Id, _epoch, Batch, _options, store, urls, _progress, time, Stale);
        var triage = _triage = new BatchTriage(run);
        var robots = Batch.Kind == BatchKind.Crawl ? new CrawlRobots((_options.Crawl ?? new CrawlSettings()).Robots, _options.UserAgent) : null;
        var dispatcher = _dispatcher = new HostDispatcher(run, robots, host => GrainFactory.GetGrain<IHostGrain>(host), Lifecycle.After, logger);
        _crawl = robots is null ? null : new CrawlExpansion(
            run, robots, triage, dispatcher, shard => GrainFactory.GetGrain<ICrawlShardGrain>($"{Id}/{shard}"), prober, results => _writer!.WriteAsync(results), logger);
        _writer = new ResultWriter(run, triage, dispatcher, _crawl, Lifecycle.Progressed, OnRecordedAsync, OnDrainedAsync, DeactivateOnIdle, logger);
        return run;
    }

    /// <summary>Starts triaging the URLs, and the watchdog; sending starts with the first block triaged.</summary>
    private async Task BeginRunAsync()
    {
        var run = await PrepareAsync();
        if (_crawl is not null)
        {
            await _crawl.BeginAsync();
        }

        Lifecycle.Watch(WatchAsync, WatchdogPeriod);
        _triaging = TriageAsync(run.Stopping);
        if (_progress.Done == Batch.Total)
        {
            await _writer!.WriteAsync([]); // nothing left: the writer completes the batch
        }
    }

    /// <summary>Queues each triaged block's URLs for their hosts and writes the results it already has.</summary>
    private async Task TriageAsync(CancellationToken cancellation)
    {
        await foreach (var block in _triage!.BlocksAsync(cancellation))
        {
            foreach (var (host, index, url) in block.Queued)
            {
                if (_crawl is null)
                {
                    _dispatcher!.Add(host, index);
                }
                else if (_crawl.Queue(host, index, url) is { } forbidden)
                {
                    block.Recorded.Add(forbidden);
                }
            }

            _dispatcher!.Request();
            await _writer!.WriteAsync(block.Recorded);
        }
    }

    /// <summary>Everything queued is written: complete the batch if every URL has its result, or send more.</summary>
    private async Task OnDrainedAsync()
    {
        if (Batch.State == JobState.Running && _progress.Done == Batch.Total)
        {
            await CompleteAsync();
        }
        else
        {
            _dispatcher?.Request();
        }
    }

    /// <summary>Restarts a triage that failed, looks for lost host grains, and plans again (a paused host may be due).</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        if (_dispatcher is not { } dispatcher || _run is not { IsRunning: true } run)
        {
            return;
        }

        LogWatch(Id, _progress.Done, Batch.Total, dispatcher.Pending, dispatcher.Outstanding, _triaging.Status, _writer!.Unwritten, _writer.IsIdle, dispatcher.IsIdle);
        if (_triaging.IsFaulted)
        {
            LogTriageFailed(_triaging.Exception, Id);
            _triaging = TriageAsync(run.Stopping);
        }

        await dispatcher.WatchAsync();
    }

    private async Task CompleteAsync()
    {
        Batch.State = JobState.Completed;
        Batch.FinishedAt = time.GetUtcNow();
        Batch.SealedSecrets = null;
        StopRun();
        await record.WriteStateAsync();
        await Lifecycle.UnguardAsync();
        BatchTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("state", "completed"));
        LogCompleted(Id, Batch.Total, (Batch.FinishedAt - Batch.StartedAt)?.TotalSeconds ?? 0);
        Lifecycle.Progressed();
        await EndedAsync();
    }

    private Task EndedAsync() => Tenancy.EndedAsync(Batch.FinishedAt!.Value);

    /// <summary>Results were recorded: a batch that has used up a download allowance with them stops.</summary>
    private async Task OnRecordedAsync(IReadOnlyList<UrlResult> fresh)
    {
        if (await Tenancy.CountDownloadsAsync(fresh) is { } reason && Batch.State == JobState.Running)
        {
            // As a request of its own: the writer that called is still draining.
            _ = this.AsReference<IBatchCoordinator>().StopForLimitAsync(reason);
        }
    }

    /// <summary>Reports every URL still without a result as cancelled.</summary>
    private async Task RecordCancelledAsync()
    {
        await PrepareAsync();
        await _writer!.CancelRemainingAsync(Batch.StopReason is { } reason ? $"stopped by a limit: {reason}" : "batch cancelled");
        await Lifecycle.UnguardAsync();
        Lifecycle.Progressed();
    }

    /// <summary>A newer activation claimed the batch: this one stops and goes.</summary>
    private void Stale()
    {
        LogStale(Id);
        StopRun();
        DeactivateOnIdle();
    }

    private void StopRun()
    {
        _run?.Stop();
        _dispatcher?.Stop();
        Lifecycle.StopWatching();
    }

    private BatchStatus Status() => Batch.ToStatus(Id, _progress, silo.Name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}, uploaded from {CreatedAt} and never started, is deleted with its URLs")]
    private partial void LogAbandoned(string batchId, DateTimeOffset createdAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} started with {Total} URLs")]
    private partial void LogStarted(string batchId, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} resumes with {Remaining} URLs left")]
    private partial void LogResuming(string batchId, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} completed {Total} URLs in {Seconds:0.00} s")]
    private partial void LogCompleted(string batchId, int total, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} cancelled with {Remaining} URLs left: {Reason}")]
    private partial void LogCancelled(string batchId, int remaining, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} (ended {Finished}) deleted with everything it made")]
    private partial void LogPurged(string batchId, DateTimeOffset? finished);


    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch {BatchId}: {Done}/{Total} done, {Pending} pending, {Outstanding} at hosts, triage {Triage}, {Unwritten} unwritten, writer idle {WriterIdle}, dispatcher idle {DispatcherIdle}")]
    private partial void LogWatch(string batchId, int done, int total, int pending, int outstanding, TaskStatus triage, int unwritten, bool writerIdle, bool dispatcherIdle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} was claimed by a newer activation; this one stops")]
    private partial void LogStale(string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Triage of batch {BatchId} failed; the watchdog starts it again")]
    private partial void LogTriageFailed(Exception? exception, string batchId);
}
