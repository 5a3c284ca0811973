using System.Diagnostics;
using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Downloads;
using Crawler.Grains.Batches;
using Crawler.Grains.Placement;
using Crawler.Probing;
using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Hosts;

/// <summary>
/// Owns one host: a queue per batch, the host's politeness (concurrency and delay, cluster-wide because
/// this is the only activation for the host), retries with back-off, and delivery of results to batches.
/// Requests run as tasks of this activation: awaiting I/O never holds the scheduler, and the silo-wide
/// <see cref="SiloProbeSlots"/> bounds what all hosts of a silo have in flight.
/// </summary>
[SpreadPlacement]
public sealed partial class HostGrain(
    UrlProber prober,
    SiloProbeSlots slots,
    IContentStore downloads,
    PageBudget pages,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<HostGrain> logger) : Grain, IHostGrain
{
    private const int MaxReport = 1_000;

    /// <summary>
    /// How many times a URL is asked again after a 429 or 503 that said when to come back: such an answer
    /// is the server pacing us, not a verdict on the link, so it does not use up a retry; a server that
    /// never stops asking gets its answer reported after this many.
    /// </summary>
    private const int MaxThrottled = 3;

    /// <summary>A finished request waits this long for others to finish before its result is sent: one message per group.</summary>
    private static readonly TimeSpan ReportLinger = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Pauses shorter than this are waited out here; longer ones send the queued URLs back to their batches,
    /// which lend the host's share to other hosts meanwhile (a second idle at a share of 2 is 100 requests
    /// of 20 ms not made).
    /// </summary>
    private static readonly TimeSpan DeferAfter = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan KeepAliveWhileBusy = TimeSpan.FromMinutes(30);

    private readonly Guid _incarnation = Guid.NewGuid();
    private readonly HostPoliteness _politeness = new(time);
    private readonly Dictionary<string, HostLane> _lanes = new(StringComparer.Ordinal);
    private readonly Pulse _wake = new();
    private Task? _pump;
    private int _turn;

    private const int MaxPageReaders = 16;
    private readonly Dictionary<string, PageReader> _pageReaders = new(StringComparer.Ordinal);
    private readonly Queue<string> _pageReaderOrder = new();

    // Set when the activation leaves (its silo stops): no request starts any more.
    private bool _leaving;

    private string Host => this.GetPrimaryKeyString();

    public Task<Guid> EnqueueAsync(HostWork work)
    {
        if (!_lanes.TryGetValue(work.BatchId, out var lane))
        {
            IResponseReader? reader = work.Kind switch
            {
                BatchKind.Download => new DownloadReader(downloads, work.Options.MaxDownloadBytes),
                BatchKind.Crawl => PageReaderFor(work),
                _ when work.Options.Anchors => PageReaderFor(work),
                _ => null,
            };
            _lanes[work.BatchId] = lane = new HostLane(work.BatchId, work.Options, time, reader)
            {
                Kind = work.Kind,
                FragmentOptions = work.Kind == BatchKind.Crawl && work.Options.Anchors
                    ? work.Options.ToProbeOptions() with { Reader = new PageReader(new PageLimits(work.Options.Crawl?.MaxPageBytes ?? PageReader.DefaultMaxBytes, SkipRepeats: false), pages) }
                    : null,
                DownloadOptions = work.Kind == BatchKind.Crawl && work.Options.Crawl is { Images: true }
                    ? work.Options.ToProbeOptions() with { Reader = new DownloadReader(downloads, work.Options.MaxDownloadBytes) }
                    : null,
            };
        }

        lane.Share = work.Share;
        lane.MinDelay = TimeSpan.FromMilliseconds(work.Options.PerHostDelayMs);

        var parent = Activity.Current?.Context
            ?? (ActivityContext.TryParse(work.TraceParent, null, out var batchTrace) ? batchTrace : default);
        var now = time.GetTimestamp();
        var added = work.Items.Count(item => lane.TryAdd(item, parent, now));
        BatchTelemetry.HostQueue.Add(added);
        LogEnqueued(Host, work.BatchId, work.Items.Count, added, lane.Share, lane.Queued, lane.InFlight);
        DelayDeactivation(KeepAliveWhileBusy);
        EnsurePump();
        Wake();
        return Task.FromResult(_incarnation);
    }

    public Task<Guid> GetIncarnationAsync() => Task.FromResult(_incarnation);

    /// <summary>
    /// Leaving, as when its silo stops (SIGTERM, a rolling update): queued URLs go back to their batches at once, which send
    /// them to the host's next activation on another silo; requests under way finish and their results are delivered, for
    /// as long as the silo's shutdown allows. Anything not delivered by then the batches send again when they find this
    /// activation gone, as after a crash.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _leaving = true;
        Wake();
        await DeferQueuedAsync(time.GetUtcNow());
        try
        {
            while (_lanes.Values.Any(l => l.InFlight > 0 || l.Unreported.Count > 0 || l.Sending > 0 || l.FlushPending || l.HandingBack || l.Parked.Count > 0))
            {
                try
                {
                    await _wake.Next.WaitAsync(TimeSpan.FromMilliseconds(100), time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // A delivery finished without news: look again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            LogLeftUnfinished(Host, _lanes.Values.Sum(l => l.InFlight));
        }
    }

    public Task CancelBatchAsync(string batchId)
    {
        _pageReaders.Remove(batchId);
        if (_lanes.Remove(batchId, out var lane))
        {
            BatchTelemetry.HostQueue.Add(-lane.Queued);
            lane.Cancel();
            Wake();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The crawl's page reader on this host: kept beyond its lane (which goes when its queue runs dry between pages), so that
    /// the bodies it has parsed stay known; a few crawls' at most.
    /// </summary>
    private PageReader PageReaderFor(HostWork work)
    {
        if (!_pageReaders.TryGetValue(work.BatchId, out var reader))
        {
            if (_pageReaders.Count >= MaxPageReaders)
            {
                _pageReaders.Remove(_pageReaderOrder.Dequeue());
            }

            var limits = work.Options.Crawl is { } crawl ? new PageLimits(crawl.MaxPageBytes, crawl.MaxLinksPerPage) : null;
            _pageReaders[work.BatchId] = reader = new PageReader(limits, pages);
            _pageReaderOrder.Enqueue(work.BatchId);
        }

        return reader;
    }

    /// <summary>Starts queued URLs whenever politeness and the silo's slots allow, until nothing is queued.</summary>
    private async Task PumpAsync()
    {
        try
        {
            while (!_leaving && _lanes.Values.Any(l => l.Queued > 0))
            {
                var (lane, wait) = NextDue();
                if (lane is not null)
                {
                    wait = _politeness.TimeUntilNextStart(lane.Options.PerHostConcurrency, lane.MinDelay);
                }

                NoteHolds(wait);
                if (lane is null || wait != TimeSpan.Zero)
                {
                    await SleepAsync(wait);
                    continue;
                }

                var probe = lane.Dequeue();
                BatchTelemetry.HostQueue.Add(-1);
                var slot = slots.WaitAsync(lane.BatchId, CancellationToken.None);
                if (!slot.IsCompleted)
                {
                    lane.Clock.Hold(HoldReason.Silo, time.GetTimestamp());
                    await slot;
                }

                _politeness.Started();
                lane.InFlight++;
                _ = ProbeAsync(lane, probe with { Waited = lane.WaitedSoFar(probe) });
            }
        }
        catch (Exception ex)
        {
            LogPumpFailed(ex, Host);
        }
    }

    /// <summary>
    /// Notes on every lane's <see cref="WaitClock"/> what holds its next URL now: the batch's share of this host in use, the
    /// host's own limit, its delay or its pause (<paramref name="wait"/>: the politeness's answer, zero when a URL starts).
    /// </summary>
    private void NoteHolds(TimeSpan? wait)
    {
        var now = time.GetTimestamp();
        var hostReason = wait is null ? HoldReason.Host
            : wait == TimeSpan.Zero ? HoldReason.None
            : _politeness.PauseRemaining > TimeSpan.Zero ? HoldReason.RetryAfter : HoldReason.Delay;
        foreach (var lane in _lanes.Values)
        {
            var due = lane.NextDue is { } at && at <= now;
            // A lane at its share is held by the batch's limit, unless that share is all a host may have of it (its per-host limit).
            var full = lane.Share >= lane.Options.PerHostConcurrency ? HoldReason.Host : HoldReason.Batch;
            lane.Clock.Hold(!due ? HoldReason.None : !lane.HasRoom ? full : hostReason, now);
        }
    }

    /// <summary>Starts the pump unless it runs. (It may finish synchronously, so its task is checked, not nulled.)</summary>
    private void EnsurePump()
    {
        if (_pump is null || _pump.IsCompleted)
        {
            _pump = PumpAsync();
        }
    }

    /// <summary>
    /// The lane whose head may go now (taking lanes in turn), or else how long until one may; a lane at its
    /// share waits for one of its requests to finish, which wakes the pump.
    /// </summary>
    private (HostLane? Lane, TimeSpan? Wait) NextDue()
    {
        var now = time.GetTimestamp();
        var lanes = _lanes.Values.ToArray();
        long? soonest = null;
        for (var n = 0; n < lanes.Length; n++)
        {
            var lane = lanes[(_turn + n) % lanes.Length];
            if (lane.NextDue is not { } due || !lane.HasRoom)
            {
                continue;
            }

            if (due <= now)
            {
                _turn = (_turn + n + 1) % lanes.Length;
                return (lane, TimeSpan.Zero);
            }

            soonest = Math.Min(soonest ?? due, due);
        }

        return (null, soonest is { } s ? time.GetElapsedTime(now, s) : null);
    }

    private async Task ProbeAsync(HostLane lane, QueuedProbe probe)
    {
        var item = probe.Item;
        var startedAt = time.GetUtcNow();
        ProbeResult result;
        using (var activity = BatchTelemetry.Source.StartActivity("probe", ActivityKind.Client, probe.Parent))
        {
            activity?.SetTag("crawler.batch", lane.BatchId);
            activity?.SetTag("url.full", item.Url);
            activity?.SetTag("server.address", Host);
            activity?.SetTag("crawler.attempt", probe.Attempt);
            try
            {
                var options = item.Download && lane.DownloadOptions is { } download ? download
                    : item.Fragment && lane.FragmentOptions is { } fragment ? fragment
                    : item.Resource ? lane.ResourceOptions : lane.ProbeOptions;
                if (item.IfNoneMatch is not null || item.IfModifiedSince is not null)
                {
                    options = options with { Revalidate = new CacheValidators(item.IfNoneMatch, item.IfModifiedSince) };
                }

                result = NormalizedUrl.TryParse(item.Url, out var url, out var error)
                    ? await prober.ProbeAsync(url!, options, lane.Cancellation)
                    : new ProbeResult(ProbeOutcome.InvalidUrl, item.Url, null, [], TimeSpan.Zero, error);
            }
            catch (Exception ex)
            {
                // The prober maps every network failure; anything else is a bug, reported rather than lost.
                LogProbeFailed(ex, item.Url);
                result = new ProbeResult(ProbeOutcome.Connection, item.Url, null, [], time.GetUtcNow() - startedAt, ex.Message);
            }
            finally
            {
                slots.Release(lane.BatchId);
                _politeness.Finished();
                lane.InFlight--;
                Wake();
            }

            activity?.SetTag("http.request.method", result.Method);
            activity?.SetTag("crawler.outcome", result.Outcome.Name());
            activity?.SetTag("http.response.status_code", result.Status);
            if (result.Outcome != ProbeOutcome.Ok)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            }
            else if (activity is not null && !item.Traced)
            {
                // Not exported: a big batch keeps a sample of its successes (metrics count them all).
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }
        }

        if (!_lanes.TryGetValue(lane.BatchId, out var current) || current != lane)
        {
            return; // cancelled meanwhile
        }

        var pausedUntil = result.Status is null ? null : _politeness.Answered(result.IsThrottling, result.RetryAfter);
        if (result.RetryAfter is { } retryAfter && probe.Throttled < MaxThrottled && retryAfter <= lane.MaxRetryAfter)
        {
            // The server paced this URL: it waits as long as asked (from now, so never less), and longer if the whole host is paused.
            var wait = retryAfter > _politeness.PauseRemaining ? retryAfter : _politeness.PauseRemaining;
            var next = probe with { Attempt = probe.Attempt + 1, Throttled = probe.Throttled + 1, Waited = probe.Waited + new WaitTimes(RetryAfterMs: wait.TotalMilliseconds) };
            if (wait <= DeferAfter || pausedUntil is not null)
            {
                lane.Enqueue(next, Due(wait)); // a paused host hands its whole queue back below
                BatchTelemetry.HostQueue.Add(1);
                EnsurePump();
            }
            else
            {
                lane.Park(next, time.GetUtcNow() + wait);
                _ = HandBackParkedAsync(lane);
            }
        }
        else if (result.IsTransient && probe.Failures <= lane.Options.Retries)
        {
            var backoff = BackoffPolicy.Retries.Delay(probe.Attempt);
            var pause = _politeness.PauseRemaining;
            var waited = backoff >= pause ? new WaitTimes(BackoffMs: backoff.TotalMilliseconds) : new WaitTimes(RetryAfterMs: pause.TotalMilliseconds);
            lane.Enqueue(probe with { Attempt = probe.Attempt + 1, Waited = probe.Waited + waited }, Due(backoff > pause ? backoff : pause));
            BatchTelemetry.HostQueue.Add(1);
            EnsurePump();
        }
        else
        {
            lane.Unreported.Add(UrlResults.From(lane, probe.Item, probe.Attempt, result, startedAt, time.GetUtcNow(), silo.Name, probe.Waited));
            _ = FlushAsync(lane);
        }

        if (pausedUntil is { } until && until - time.GetUtcNow() > DeferAfter)
        {
            LogPaused(Host, until);
            await DeferQueuedAsync(until);
        }
    }

    /// <summary>
    /// Hands the lane's parked URLs (each asked by its server to wait) back to the batch, those parked within a moment of
    /// one another in one message with one wait, so that they hold none of the batch's share of this host meanwhile.
    /// If the batch cannot be told, they wait here instead.
    /// </summary>
    private async Task HandBackParkedAsync(HostLane lane)
    {
        if (lane.HandingBack)
        {
            return;
        }

        lane.HandingBack = true;
        await Task.Delay(ReportLinger, time);
        var (items, notBefore) = lane.TakeParked();
        try
        {
            if (items.Count == 0)
            {
                return; // cancelled meanwhile
            }

            await GrainFactory.GetGrain<IBatchCoordinator>(lane.BatchId).RetryLaterAsync(items, notBefore);
        }
        catch (Exception ex) when (!lane.IsCancelled)
        {
            LogReportFailed(ex, lane.BatchId, Host);
            var due = Due(notBefore - time.GetUtcNow());
            BatchTelemetry.HostQueue.Add(items.Count(item => lane.TryAdd(item, default, due)));
            EnsurePump();
        }
        catch (Exception)
        {
            // Cancelled meanwhile: nobody wants these URLs any more.
        }
        finally
        {
            lane.HandingBack = false;
        }

        if (lane.Parked.Count > 0)
        {
            _ = HandBackParkedAsync(lane);
        }
        else if (lane.IsIdle && _lanes.TryGetValue(lane.BatchId, out var current) && current == lane)
        {
            _lanes.Remove(lane.BatchId);
        }
    }

    /// <summary>
    /// The host asked for a long pause: queued URLs go back to their batches, which send them again when it
    /// ends, so meanwhile this host holds none of their capacity. A batch that cannot be told keeps its URLs here.
    /// </summary>
    private async Task DeferQueuedAsync(DateTimeOffset until)
    {
        await Task.WhenAll(_lanes.Values.ToList().Select(async lane =>
        {
            var items = lane.TakeQueued(until - time.GetUtcNow());
            if (items.Count == 0)
            {
                return;
            }

            BatchTelemetry.HostQueue.Add(-items.Count);
            try
            {
                await GrainFactory.GetGrain<IBatchCoordinator>(lane.BatchId).DeferAsync(Host, items, until);
            }
            catch (Exception ex)
            {
                LogReportFailed(ex, lane.BatchId, Host);
                var due = Due(until - time.GetUtcNow());
                foreach (var item in items)
                {
                    lane.TryAdd(item, default, due);
                }

                BatchTelemetry.HostQueue.Add(items.Count);
            }
        }));
    }

    /// <summary>
    /// Delivers a lane's results to its batch as soon as they exist: each call takes all that piled up, and
    /// calls do not wait for one another, so a slow store write delays acknowledgements, never the batch's
    /// view of what is finished. Results are held until acknowledged and sent again if a call fails.
    /// </summary>
    private async Task FlushAsync(HostLane lane)
    {
        if (lane.FlushPending)
        {
            return; // a flush is about to go and will take this result along
        }

        lane.FlushPending = true;
        await Task.Delay(ReportLinger, time);
        lane.FlushPending = false;
        var batch = GrainFactory.GetGrain<IBatchCoordinator>(lane.BatchId);
        while (lane.Unreported.Count > 0 && !lane.IsCancelled)
        {
            var results = lane.TakeUnreported(MaxReport);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var wanted = await batch.ReportAsync(results);
                    lane.Acknowledge(results);
                    if (!wanted)
                    {
                        await CancelBatchAsync(lane.BatchId);
                    }

                    break;
                }
                catch (Exception ex) when (!lane.IsCancelled)
                {
                    LogReportFailed(ex, lane.BatchId, Host);
                    await Task.Delay(BackoffPolicy.Reports.Delay(attempt), time);
                }
                catch (Exception)
                {
                    return; // cancelled meanwhile: nobody wants these results any more
                }
            }
        }

        if (lane.IsIdle && _lanes.TryGetValue(lane.BatchId, out var current) && current == lane)
        {
            _lanes.Remove(lane.BatchId);
        }
    }

    /// <summary>Waits for news (a URL queued, a request finished) or until <paramref name="wait"/> passes.</summary>
    private async Task SleepAsync(TimeSpan? wait)
    {
        try
        {
            await (wait is { } timeout ? _wake.Next.WaitAsync(timeout, time) : _wake.Next);
        }
        catch (TimeoutException)
        {
            // Time to look at the queue again.
        }
    }

    private void Wake() => _wake.Fire();

    /// <summary>The timestamp <paramref name="wait"/> from now, as the lane queues order by.</summary>
    private long Due(TimeSpan wait) => time.GetTimestamp() + (long)(Math.Max(0, wait.TotalSeconds) * time.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Host {Host} got {Count} URLs of batch {BatchId} ({Added} new), share {Share}: {Queued} queued, {InFlight} in flight")]
    private partial void LogEnqueued(string host, string batchId, int count, int added, int share, int queued, int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "Probing {Url} failed unexpectedly")]
    private partial void LogProbeFailed(Exception exception, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting to batch {BatchId} from host {Host} failed; trying again")]
    private partial void LogReportFailed(Exception exception, string batchId, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} asked for a pause until {Until}; its queued URLs go back to their batches")]
    private partial void LogPaused(string host, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} left with {InFlight} requests under way; their batches send them again")]
    private partial void LogLeftUnfinished(string host, int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "The queue pump of host {Host} stopped")]
    private partial void LogPumpFailed(Exception exception, string host);
}
