using System.Diagnostics;
using Crawler.Contracts.Primes;
using Crawler.Grains.Placement;
using Crawler.Primes;
using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Primes;

/// <summary>
/// Computes one partition of a prime job on the silo's <see cref="SieveWorkers"/> and reports the result to
/// the job. Holds nothing durable: if its silo is lost, the job asks again and a new activation computes it.
/// </summary>
[SpreadPlacement]
public sealed partial class PrimePartitionGrain(
    SieveWorkers workers,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<PrimePartitionGrain> logger) : Grain, IPrimePartitionGrain
{
    /// <summary>Tries at reporting the result before leaving it for the job's watchdog to ask for.</summary>
    private const int ReportAttempts = 3;

    /// <summary>Modelled work of one piece of a count (<see cref="SieveWork.Estimate"/>): about a fifth of a second of a core.</summary>
    private const double PieceNanoseconds = 200e6;

    private readonly CancellationTokenSource _cancellation = new();
    private Task? _run;
    private PrimePartitionResult? _result;

    public Task<PrimePartitionReply> RunAsync(PrimePartitionWork work)
    {
        if (_result is not null || _run is { IsCompleted: false })
        {
            return Task.FromResult(new PrimePartitionReply(false, _result));
        }

        _run = ComputeAndReportAsync(work);
        return Task.FromResult(new PrimePartitionReply(true, null));
    }

    /// <summary>Leaving (its silo stops): the computation stops; the job finds the partition without a result and asks again.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _cancellation.Cancel();
        return Task.CompletedTask;
    }

    public Task CancelAsync()
    {
        _cancellation.Cancel();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task ComputeAndReportAsync(PrimePartitionWork work)
    {
        // Computing is not a request, so nothing else keeps an idle activation from being collected meanwhile.
        DelayDeactivation(TimeSpan.FromHours(2));
        var parent = ActivityContext.TryParse(work.TraceParent, null, out var trace) ? trace : default;
        using (var activity = PrimeTelemetry.Source.StartActivity("partition", ActivityKind.Internal, parent))
        {
            activity?.SetTag("crawler.job", work.JobId);
            activity?.SetTag("crawler.partition", work.Index);
            activity?.SetTag("crawler.primes.kind", work.Kind.ToString());
            activity?.SetTag("crawler.primes.from", work.From);
            activity?.SetTag("crawler.primes.to", work.To);
            try
            {
                var (result, seconds, startedAt, finishedAt) = await ComputeAsync(work);
                _result = result with { Silo = silo.Name, Seconds = Math.Round(seconds, 4), StartedAt = startedAt, FinishedAt = finishedAt };
                activity?.SetTag("crawler.primes.count", result.Summary?.Count);
                PrimeTelemetry.Partitions.Add(1, new KeyValuePair<string, object?>("kind", work.Kind.ToString()));
                PrimeTelemetry.Numbers.Add(work.Numbers?.Count ?? (long)(work.To - work.From));
                PrimeTelemetry.PartitionSeconds.Record(seconds);
                activity?.SetTag("crawler.primes.seconds", seconds);
            }
            catch (OperationCanceledException)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
                return;
            }
            catch (Exception ex)
            {
                // The job asks again on its next round; a partition that always fails shows up in its log.
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                LogComputeFailed(ex, work.JobId, work.Index);
                return;
            }
        }

        await ReportAsync(work.JobId);
    }

    private async Task ReportAsync(string jobId)
    {
        var job = GrainFactory.GetGrain<IPrimeJobCoordinator>(jobId);
        for (var attempt = 1; attempt <= ReportAttempts; attempt++)
        {
            try
            {
                await job.ReportAsync(_result!);
                return;
            }
            catch (Exception ex)
            {
                LogReportFailed(ex, jobId, _result!.Index);
                await Task.Delay(BackoffPolicy.Reports.Delay(attempt), time);
            }
        }

        // The job's watchdog asks for the result; it waits here.
    }

    /// <summary>
    /// Computes the partition on the silo's workers: a count a piece of about <see cref="PieceNanoseconds"/> at a time, each
    /// piece queued for a worker of its own, so that a short job's work is never stuck behind a long partition of another.
    /// </summary>
    private async Task<(PrimePartitionResult Result, double Seconds, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)> ComputeAsync(PrimePartitionWork work)
    {
        var seconds = 0.0;
        DateTimeOffset? startedAt = null;
        var finishedAt = default(DateTimeOffset);
        T Timed<T>(Func<T> compute)
        {
            PrimeTelemetry.Running.Add(1);
            startedAt ??= time.GetUtcNow();
            var started = time.GetTimestamp();
            try
            {
                return compute();
            }
            finally
            {
                seconds += time.GetElapsedTime(started).TotalSeconds;
                finishedAt = time.GetUtcNow(); // on the worker: the grain may take its turn later
                PrimeTelemetry.Running.Add(-1);
            }
        }

        if (work.Kind != PrimeJobKind.Count)
        {
            var whole = await workers.RunAsync(work.JobId, work.Index, cancellation => Timed(() => Compute(work, cancellation)), _cancellation.Token);
            return (whole, seconds, startedAt!.Value, finishedAt);
        }

        var summary = RangeSummary.Empty(work.From, work.From);
        foreach (var (from, to) in SieveWork.Pieces(work.From, work.To, PieceNanoseconds))
        {
            var piece = await workers.RunAsync(work.JobId, work.Index, cancellation => Timed(() => PrimeSieve.Summarize(from, to, cancellation)), _cancellation.Token);
            summary = RangeSummary.Combine(summary, piece);
        }

        return (new PrimePartitionResult(work.Index, summary.ToContract(), null, null, "", 0), seconds, startedAt ?? time.GetUtcNow(), finishedAt);
    }

    private static PrimePartitionResult Compute(PrimePartitionWork work, CancellationToken cancellation)
    {
        switch (work.Kind)
        {
            case PrimeJobKind.IsPrime:
                var numbers = work.Numbers ?? [];
                var answers = new bool[numbers.Count];
                for (var i = 0; i < answers.Length; i++)
                {
                    if ((i & 1023) == 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                    }

                    answers[i] = MillerRabin.IsPrime(numbers[i]);
                }

                return new PrimePartitionResult(work.Index, null, null, answers, "", 0);
            case PrimeJobKind.List:
                var summary = PrimeSieve.Summarize(work.From, work.To, cancellation);
                var primes = new ulong[summary.Count];
                PrimeSieve.ListPrimes(work.From, work.To, primes);
                return new PrimePartitionResult(work.Index, summary.ToContract(), primes, null, "", 0);
            default:
                return new PrimePartitionResult(work.Index, PrimeSieve.Summarize(work.From, work.To, cancellation).ToContract(), null, null, "", 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition {Index} of prime job {JobId} failed")]
    private partial void LogComputeFailed(Exception exception, string jobId, int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting partition {Index} to prime job {JobId} failed")]
    private partial void LogReportFailed(Exception exception, string jobId, int index);
}
