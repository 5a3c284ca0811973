using System.Diagnostics;
using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;
using Crawler.Grains.Jobs;
using Crawler.Grains.Retention;
using Crawler.Primes;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Crawler.Grains.Primes;

/// <summary>
/// Runs a prime job: splits it into partitions balanced by expected work, starts them all (they spread over
/// the silos and queue for the cores there), gathers their results and persists them. A partition lost with
/// its silo is found by the watchdog, which asks it again: the new activation computes it afresh. The job
/// itself, if its silo is lost, is woken by its reminder (or any call) and carries on from its record.
/// </summary>
[RandomPlacement]
[CollectionAgeLimit(Minutes = 2)] // an ended job is all in the store (see BatchGrain)
public sealed partial class PrimeJobGrain(
    [PersistentState("job", CrawlerCluster.JobStorage)] IPersistentState<PrimeJobRecord> record,
    IClusterMembershipService membership,
    JobRetention retention,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<PrimeJobGrain> logger) : Grain, IPrimeJobGrain, IPrimeJobCoordinator, IRemindable
{
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(3);

    /// <summary>Results are persisted at most this often while the job runs (and at once when it ends).</summary>
    private static readonly TimeSpan SavePeriod = TimeSpan.FromSeconds(1);

    private PrimeResultLines _lines = null!;
    private JobLifecycle? _lifecycle;
    private bool _dirty;
    private IGrainTimer? _saver;
    private PrimeSummary? _summary;

    private string Id => this.GetPrimaryKeyString();

    private PrimeJobRecord Job => record.State;

    private bool IsEnded => Job.State.HasEnded();

    private JobLifecycle Lifecycle => _lifecycle ??= new JobLifecycle(this, time);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!record.RecordExists)
        {
            return;
        }

        _lines = new PrimeResultLines(Job);
        foreach (var result in Job.Done)
        {
            _lines.Add(result);
        }

        if (Job.State == JobState.Running)
        {
            LogResuming(Id, Job.Partitions.Count - Job.Done.Count);
            Run();
            await DispatchAsync(resumed: true);
        }
    }

    public async Task<PrimeJobStatus> StartAsync(PrimeJobRequest request, JobTerms terms)
    {
        if (record.RecordExists)
        {
            return Status();
        }

        if (request.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), nameof(request));
        }

        using var activity = PrimeTelemetry.Source.StartActivity("plan");
        Job.Request = request;
        Job.Terms = terms;
        Job.Partitions = Plan(request);
        Job.State = JobState.Running;
        Job.CreatedAt = time.GetUtcNow();
        Job.TraceParent = Activity.Current?.Id;
        activity?.SetTag("crawler.job", Id);
        activity?.SetTag("crawler.partitions", Job.Partitions.Count);
        await record.WriteStateAsync();
        await Lifecycle.GuardAsync();
        LogStarted(Id, request.EffectiveKind, Job.Partitions.Count);

        _lines = new PrimeResultLines(Job);
        Run();
        await DispatchAsync(resumed: false);
        return Status();
    }

    public Task<PrimeJobStatus?> GetStatusAsync() => Task.FromResult(record.RecordExists ? Status() : null);

    public Task<IReadOnlyList<PartitionTiming>> GetTimingsAsync() => Task.FromResult<IReadOnlyList<PartitionTiming>>(
        [.. Job.Done.Where(d => d.FinishedAt != default).Select(d => new PartitionTiming(d.Silo, Job.CreatedAt, d.StartedAt, d.FinishedAt))]);

    public async Task<PrimeJobStatus?> CancelAsync()
    {
        if (!record.RecordExists)
        {
            return null;
        }

        if (IsEnded)
        {
            return Status();
        }

        Job.State = JobState.Cancelled;
        Job.FinishedAt = time.GetUtcNow();
        await EndAsync();
        LogCancelled(Id, Job.Partitions.Count - Job.Done.Count);
        await Task.WhenAll(_lines.Missing.Select(async index =>
        {
            try
            {
                await Partition(index).CancelAsync();
            }
            catch (Exception ex)
            {
                LogPartitionUnreachable(ex, Id, index); // it finishes and finds the job cancelled
            }
        }));
        return Status();
    }

    public async Task<bool> PurgeAsync()
    {
        if (!record.RecordExists)
        {
            return false;
        }

        var running = !IsEnded;
        if (running)
        {
            await CancelAsync();
        }

        await record.ClearStateAsync();
        await Lifecycle.UnguardAsync();
        await retention.ForgetAsync(JobKey.Prime(Id));
        Lifecycle.Progressed();
        DeactivateOnIdle();
        return true;
    }

    public Task ReportAsync(PrimePartitionResult result)
    {
        Record(result);
        return Job.Done.Count == Job.Partitions.Count && Job.State == JobState.Running ? CompleteAsync() : Task.CompletedTask;
    }

    public async Task<ResultPage> ReadResultsAsync(long from, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!record.RecordExists)
        {
            throw new KeyNotFoundException($"No prime job {Id}.");
        }

        if (from >= _lines.Available && !IsEnded && wait > TimeSpan.Zero)
        {
            await Lifecycle.WaitForProgressAsync(wait, cancellationToken);
        }

        var lines = _lines.Read(from, max);
        return new ResultPage(from, lines, IsEnded && from + lines.Count >= _lines.Available);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        // Activation already resumed the job; the reminder exists to cause that activation after a silo loss.
        !record.RecordExists || IsEnded ? Lifecycle.UnguardAsync() : Task.CompletedTask;

    private List<PrimeRange> Plan(PrimeJobRequest request)
    {
        var cores = Math.Max(1, membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active)) * Environment.ProcessorCount;
        var ranges = request.EffectiveKind == PrimeJobKind.IsPrime
            ? PartitionPlan.ForNumbers(request.Numbers!.Count, cores, request.Partitions)
            : PartitionPlan.ForRange(request.From ?? 0, request.To!.Value, cores, request.Partitions, PrimeJobRequest.MaxPartitions);
        return [.. ranges.Select(r => new PrimeRange(r.From, r.To))];
    }

    private void Run()
    {
        Lifecycle.Watch(WatchAsync, WatchdogPeriod);
        _saver ??= this.RegisterGrainTimer(SaveAsync, new GrainTimerCreationOptions(SavePeriod, SavePeriod));
    }

    private IPrimePartitionGrain Partition(int index) => GrainFactory.GetGrain<IPrimePartitionGrain>($"{Id}/{index}");

    private PrimePartitionWork Work(int index)
    {
        var range = Job.Partitions[index];
        var request = Job.Request;
        return request.EffectiveKind == PrimeJobKind.IsPrime
            ? new PrimePartitionWork(Id, index, PrimeJobKind.IsPrime, range.From, range.To, [.. request.Numbers!.Skip((int)range.From).Take((int)(range.To - range.From))], Job.TraceParent)
            : new PrimePartitionWork(Id, index, request.EffectiveKind, range.From, range.To, null, Job.TraceParent);
    }

    /// <summary>
    /// Asks every partition without a result to run. A partition that says it started now although it had
    /// been started before lost its work with its silo: it is computed again.
    /// </summary>
    private async Task DispatchAsync(bool resumed)
    {
        var replies = await Task.WhenAll(_lines.Missing.ToList().Select(async index =>
        {
            try
            {
                return (Index: index, Reply: (PrimePartitionReply?)await Partition(index).RunAsync(Work(index)));
            }
            catch (Exception ex)
            {
                LogPartitionUnreachable(ex, Id, index); // asked again on the next round
                return (index, null);
            }
        }));

        foreach (var (index, reply) in replies)
        {
            if (reply?.Result is { } result)
            {
                Record(result);
            }
            else if (reply is { Started: true } && resumed)
            {
                Job.Recomputed++;
                _dirty = true;
                LogRecomputing(Id, index);
            }
        }

        if (Job.Done.Count == Job.Partitions.Count && Job.State == JobState.Running)
        {
            await CompleteAsync();
        }
    }

    private Task WatchAsync(CancellationToken cancellationToken) =>
        Job.State == JobState.Running ? DispatchAsync(resumed: true) : Task.CompletedTask;

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_dirty && Job.State == JobState.Running)
        {
            _dirty = false;
            await record.WriteStateAsync(cancellationToken);
        }
    }

    private void Record(PrimePartitionResult result)
    {
        if (Job.State != JobState.Running || result.Index < 0 || result.Index >= Job.Partitions.Count || _lines.Has(result.Index))
        {
            return;
        }

        Job.Done.Add(result);
        _lines.Add(result);
        _dirty = true;
        Lifecycle.Progressed();
    }

    private async Task CompleteAsync()
    {
        Job.State = JobState.Completed;
        Job.FinishedAt = time.GetUtcNow();
        await EndAsync();
        var status = Status();
        LogCompleted(Id, status.ElapsedSeconds ?? 0, status.Summary?.Count ?? status.CountSoFar);
    }

    private async Task EndAsync()
    {
        Lifecycle.StopWatching();
        _saver?.Dispose();
        _saver = null;
        await record.WriteStateAsync();
        _dirty = false;
        await Lifecycle.UnguardAsync();
        Lifecycle.Progressed();
        try
        {
            await GrainFactory.GetGrain<ITenantGrain>(Job.Terms.Tenant).ReleaseAsync(Id);
            await retention.ScheduleAsync(JobKey.Prime(Id), Job.FinishedAt!.Value + Job.Terms.Retention);
        }
        catch (Exception ex)
        {
            // Neither is lost: the tenant finds ended jobs by itself; an unscheduled job is found by the sweep of records.
            LogEndNoticeFailed(ex, Id);
        }
    }

    private PrimeJobStatus Status()
    {
        var request = Job.Request;
        var kind = request.EffectiveKind;
        if (Job.State == JobState.Completed && kind != PrimeJobKind.IsPrime)
        {
            _summary ??= _lines.Summary();
        }

        var elapsed = ((Job.FinishedAt ?? time.GetUtcNow()) - Job.CreatedAt).TotalSeconds;
        double work = kind == PrimeJobKind.IsPrime ? request.Numbers!.Count : (request.To ?? 0) - (request.From ?? 0);
        return new PrimeJobStatus
        {
            Id = Id,
            Kind = kind,
            State = Job.State,
            From = kind == PrimeJobKind.IsPrime ? null : request.From ?? 0,
            To = request.To,
            Numbers = request.Numbers?.Count,
            Partitions = Job.Partitions.Count,
            PartitionsDone = Job.Done.Count,
            CountSoFar = kind == PrimeJobKind.IsPrime
                ? Job.Done.Sum(d => d.Answers!.Count(a => a))
                : Job.Done.Sum(d => d.Summary!.Count),
            Summary = _summary,
            Silos = Job.Done.GroupBy(d => d.Silo).ToDictionary(g => g.Key, g => g.Count()),
            CreatedAt = Job.CreatedAt,
            FinishedAt = Job.FinishedAt,
            ElapsedSeconds = Math.Round(elapsed, 3),
            NumbersPerSecond = Job.State == JobState.Completed && elapsed > 0 ? Math.Round(work / elapsed) : null,
            Recomputed = Job.Recomputed,
            Silo = silo.Name,
            Tenant = Job.Terms.Tenant,
            ExpiresAt = Job.FinishedAt + Job.Terms.Retention,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Prime job {JobId} ({Kind}) started with {Partitions} partitions")]
    private partial void LogStarted(string jobId, PrimeJobKind kind, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prime job {JobId} resumes with {Remaining} partitions left")]
    private partial void LogResuming(string jobId, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prime job {JobId} completed in {Seconds:0.00} s: {Count} primes")]
    private partial void LogCompleted(string jobId, double seconds, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prime job {JobId} cancelled with {Remaining} partitions left")]
    private partial void LogCancelled(string jobId, int remaining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Index} of prime job {JobId} was lost with its silo; computing it again")]
    private partial void LogRecomputing(string jobId, int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prime job {JobId} could not tell its tenant or its retention that it ended")]
    private partial void LogEndNoticeFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Index} of prime job {JobId} did not answer")]
    private partial void LogPartitionUnreachable(Exception exception, string jobId, int index);
}
