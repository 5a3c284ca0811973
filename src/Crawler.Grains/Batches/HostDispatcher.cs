using System.Diagnostics;
using Crawler.Contracts.Batches;
using Crawler.Crawling;
using Crawler.Grains.Crawls;
using Crawler.Grains.Hosts;
using Crawler.Probing;
using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Batches;

/// <summary>
/// Sends a batch's queued URLs to their hosts' grains within the batch's concurrency (the planner hands out a share per
/// host), one sending at a time beside the writer. It notices a host grain lost with its silo (a new incarnation
/// answers) and sends that host's URLs again, takes back what a paused host hands back, and plans again the moment the
/// pause ends. URLs sent twice are harmless: results are recorded once.
/// </summary>
internal sealed partial class HostDispatcher(
    BatchRun run,
    CrawlRobots? robots,
    Func<string, IHostGrain> hosts,
    Func<TimeSpan, Action, IDisposable> schedule,
    ILogger logger)
{
    /// <summary>Successful probes kept in a batch's trace, evenly spread; failures are always kept.</summary>
    private const int TracedSuccesses = 1_000;

    private static readonly TimeSpan MinimumResume = TimeSpan.FromMilliseconds(1);

    private readonly DispatchPlanner _planner = new(run.Options.MaxConcurrency, run.Options.PerHostConcurrency, run.Time, hostLimit: host => run.Options.ForHost(host).PerHostConcurrency);
    private readonly Dictionary<string, Guid> _incarnations = new(StringComparer.Ordinal);
    private readonly Dictionary<int, WorkItem> _handedBack = [];
    private Task _sending = Task.CompletedTask;
    private bool _again;
    private bool _stopped;
    private IDisposable? _resume;
    private DateTimeOffset? _resumeAt;

    /// <summary>URLs queued here, not yet sent.</summary>
    public int Pending => _planner.Pending;

    /// <summary>URLs sent to hosts that have not reported them yet.</summary>
    public int Outstanding => _planner.Outstanding;

    public bool IsIdle => _sending.IsCompleted;

    public IReadOnlyList<string> HostsWithOutstanding => _stopped ? [] : [.. _planner.HostsWithOutstanding];

    public void Add(string host, int index)
    {
        if (!_stopped)
        {
            _planner.Add(host, index);
        }
    }

    /// <summary>The URL has its result: its share of its host is free. Returns whether it was outstanding.</summary>
    public bool Complete(int index) => !_stopped && _planner.Complete(index);

    /// <summary>Sends what the planner allows: at once, or once the sending under way has gone round once more.</summary>
    public void Request()
    {
        _again = true;
        if (_sending.IsCompleted)
        {
            _sending = SendLoopAsync();
        }
    }

    /// <summary>
    /// A host asked for a pause (Retry-After) and handed back the batch's URLs it had queued: nothing goes to it until
    /// <paramref name="until"/> (at most the batch's longest allowed pause), and its share is lent to other hosts.
    /// </summary>
    public void Defer(string host, IReadOnlyList<WorkItem> items, DateTimeOffset until)
    {
        if (_stopped || !run.IsRunning)
        {
            return;
        }

        var latest = run.Time.GetUtcNow().AddMilliseconds(run.Options.MaxRetryAfterMs);
        _planner.Pause(host, until < latest ? until : latest);
        _planner.Return(items.Select(i => i.Index));
        LogDeferred(host, run.Id, items.Count, until);
        TakeBack(items);
    }

    /// <summary>
    /// Their server asked these URLs to wait: they go back to their host's queue here, first in line once
    /// <paramref name="notBefore"/> has passed, and hold none of its share meanwhile.
    /// </summary>
    public void RetryLater(IReadOnlyList<WorkItem> items, DateTimeOffset notBefore)
    {
        if (_stopped || !run.IsRunning)
        {
            return;
        }

        _planner.Park(items.Select(i => i.Index), notBefore);
        TakeBack(items);
    }

    /// <summary>Keeps what a host had made of URLs it handed back (attempts, waits), for when they are sent again, and plans.</summary>
    private void TakeBack(IReadOnlyList<WorkItem> items)
    {
        foreach (var item in items)
        {
            _handedBack[item.Index] = item;
        }

        Request();
        ScheduleResume();
    }

    /// <summary>Asks every host holding URLs of the batch which incarnation it is, and sends again what a lost one held.</summary>
    public async Task WatchAsync()
    {
        await Task.WhenAll(HostsWithOutstanding.Select(async host =>
        {
            try
            {
                Observe(host, await hosts(host).GetIncarnationAsync());
            }
            catch (Exception ex)
            {
                LogHostUnreachable(ex, host, run.Id);
            }
        }));
        Request();
    }

    /// <summary>Tells the hosts that held URLs of the cancelled batch to drop them and cancel its requests.</summary>
    public Task CancelAsync(IReadOnlyList<string> holders) => Task.WhenAll(holders.Select(async host =>
    {
        try
        {
            await hosts(host).CancelBatchAsync(run.Id);
        }
        catch (Exception ex)
        {
            // The host drops the batch anyway when its next report is refused.
            LogHostUnreachable(ex, host, run.Id);
        }
    }));

    /// <summary>Sends nothing more: the batch ended, or this activation lost its claim.</summary>
    public void Stop()
    {
        _stopped = true;
        _resume?.Dispose();
        _resume = null;
        _resumeAt = null;
    }

    private async Task SendLoopAsync()
    {
        while (_again)
        {
            _again = false;
            await SendAsync();
        }

        // After a plan, which has let every URL whose wait is over into its host's queue.
        ScheduleResume();
    }

    /// <summary>Sends what the planner allows to the hosts' grains, inside the batch's trace.</summary>
    private async Task SendAsync()
    {
        if (_stopped || !run.IsRunning)
        {
            return;
        }

        var plan = _planner.Plan();
        if (plan.Count == 0)
        {
            return;
        }

        var now = run.Time.GetUtcNow();
        var stride = Math.Max(1, run.Record.Total / TracedSuccesses);
        await Task.WhenAll(plan.Select(async assignment =>
        {
            // The first sending to a host is a span of the batch's trace; top-ups, hundreds per host in a big batch, are
            // not (their probes still join the trace, through HostWork.TraceParent).
            var first = !_incarnations.ContainsKey(assignment.Host);
            using var activity = first ? BatchTelemetry.Source.StartActivity("dispatch", ActivityKind.Internal, run.Trace) : null;
            if (!first)
            {
                Activity.Current = null;
            }

            activity?.SetTag("crawler.batch", run.Id);
            activity?.SetTag("crawler.host", assignment.Host);
            activity?.SetTag("crawler.urls", assignment.Indices.Count);
            activity?.SetTag("crawler.share", assignment.Share);
            try
            {
                var items = await ItemsAsync(assignment.Indices, assignment.WaitedMs, now, stride);
                var work = new HostWork(run.Id, run.Record.Kind, OptionsFor(assignment.Host, items.Count > 0 ? items[0].Url : null), assignment.Share, items, run.Record.TraceParent);
                Observe(assignment.Host, await hosts(assignment.Host).EnqueueAsync(work));
            }
            catch (Exception ex)
            {
                // The watchdog sends them again on its next tick.
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                LogHostUnreachable(ex, assignment.Host, run.Id);
                _planner.Return(assignment.Indices);
            }
        }));
    }

    /// <summary>
    /// The URLs to send, as a host that handed them back left them (attempts, waits so far), each with how long it waited here
    /// for a share; those recorded meanwhile (a report that raced triage) are left out.
    /// </summary>
    private async Task<List<WorkItem>> ItemsAsync(IReadOnlyList<int> indices, IReadOnlyList<double> waitedMs, DateTimeOffset now, int stride)
    {
        var open = new List<int>(indices.Count);
        var waited = new List<WaitTimes>(indices.Count);
        for (var n = 0; n < indices.Count; n++)
        {
            if (run.Progress.IsDone(indices[n]))
            {
                _planner.Complete(indices[n]);
            }
            else
            {
                open.Add(indices[n]);
                waited.Add(new WaitTimes(BatchMs: n < waitedMs.Count ? waitedMs[n] : 0));
            }
        }

        var urls = await run.Urls.UrlsAsync(open);
        var roles = new CrawlRole[open.Count];
        var pages = new int[open.Count];
        Array.Fill(pages, -1);
        for (var n = 0; run.Record.Kind == BatchKind.Crawl && n < open.Count; n++)
        {
            roles[n] = await run.Urls.RoleAsync(open[n]);
            pages[n] = roles[n] == CrawlRole.Page ? -1 : await run.Urls.FoundOnAsync(open[n]);
        }

        // The pages these images and resources were found on, read once for the whole message.
        var found = pages.Where(p => p >= 0).Distinct().ToList();
        var pageUrls = found.Zip(found.Count == 0 ? [] : await run.Urls.UrlsAsync(found)).ToDictionary(p => p.First, p => p.Second);
        var foundOn = pages.Select(p => pageUrls.GetValueOrDefault(p)).ToArray();

        return [.. open.Select((index, n) => _handedBack.Remove(index, out var prior)
            ? prior with { QueuedAt = now, Waits = (prior.Waits ?? WaitTimes.None) + waited[n] }
            : run.Revalidations.Remove(index, out var validators)
                ? new WorkItem(index, urls[n], now, index % stride == 0, IfNoneMatch: validators.ETag, IfModifiedSince: validators.LastModified, Waits: waited[n])
                : new WorkItem(index, urls[n], now, index % stride == 0, Download: roles[n] == CrawlRole.Image, Resource: roles[n] == CrawlRole.Resource, FoundOn: foundOn[n], Fragment: roles[n] == CrawlRole.Fragment, Waits: waited[n]))];
    }

    /// <summary>
    /// The options a host's requests go with: the batch's, with its settings for that host, slowed down to its robots.txt's
    /// Crawl-delay.
    /// </summary>
    private BatchOptions OptionsFor(string host, string? url)
    {
        var options = run.Options.ForHost(host);
        if (robots is null || url is null || !NormalizedUrl.TryParse(url, out var normalized, out _)
            || robots.CrawlDelay(normalized!) is not { } delay || delay.TotalMilliseconds <= options.PerHostDelayMs)
        {
            return options;
        }

        return options with { PerHostDelayMs = (int)Math.Min(delay.TotalMilliseconds, 3_600_000) };
    }

    /// <summary>
    /// Notes which incarnation of a host's grain holds our URLs. A new one means the old queue died with its silo:
    /// everything outstanding there goes back to pending, to be sent again.
    /// </summary>
    private void Observe(string host, Guid incarnation)
    {
        var changed = _incarnations.TryGetValue(host, out var known) && known != incarnation;
        _incarnations[host] = incarnation;
        if (changed && !_stopped)
        {
            var lost = _planner.ReturnAll(host);
            BatchTelemetry.Redispatched.Add(lost);
            LogHostLost(host, run.Id, lost);
            Request();
        }
    }

    /// <summary>
    /// Plans again the moment the earliest pause of a host or wait of a URL ends, rather than at the next watchdog tick. The
    /// next one is scheduled after that plan (<see cref="SendLoopAsync"/>), never from the timer itself: a wait that is over
    /// but not yet planned must not set a timer that fires at once, again and again.
    /// </summary>
    private void ScheduleResume()
    {
        if (_stopped || _planner.NextResume is not { } at || (_resumeAt is { } scheduled && scheduled <= at))
        {
            return;
        }

        _resume?.Dispose();
        _resumeAt = at;
        var due = at - run.Time.GetUtcNow();
        _resume = schedule(due > MinimumResume ? due : MinimumResume, () =>
        {
            _resume?.Dispose();
            _resume = null;
            _resumeAt = null;
            Request();
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} lost {Count} URLs of batch {BatchId}; sending them again")]
    private partial void LogHostLost(string host, string batchId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} handed back {Count} URLs of batch {BatchId}, paused until {Until}")]
    private partial void LogDeferred(string host, string batchId, int count, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} did not answer for batch {BatchId}")]
    private partial void LogHostUnreachable(Exception exception, string host, string batchId);
}
