using System.Diagnostics;
using System.Diagnostics.Metrics;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.Downloads;
using Crawler.Grains.Batches;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crawler.Grains.Retention;

/// <summary>
/// Deletes what is kept past its time: on a reminder, every job whose retention is up (each job deletes itself, its
/// results and URLs), and now and then the content-store files that no remaining job refers to. The file sweep runs on
/// the thread pool, never on this grain's scheduler.
/// </summary>
public sealed partial class RetentionGrain(
    JobRetention retention,
    BatchStore batches,
    IContentStore content,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string Reminder = "sweep";
    private static readonly ActivitySource Source = new("Crawler.Retention");
    private static readonly Meter Meter = new("Crawler.Retention");
    private static readonly Counter<long> Purged = Meter.CreateCounter<long>("crawler.retention.jobs_purged", "{job}", "Jobs deleted after their retention");
    private static readonly Counter<long> Freed = Meter.CreateCounter<long>("crawler.retention.bytes_freed", "By", "Content-store bytes deleted because no job refers to them");

    private DateTimeOffset _lastContentSweep = DateTimeOffset.MinValue;

    public Task StartAsync()
    {
        var period = options.Value.SweepPeriod < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : options.Value.SweepPeriod;
        return this.RegisterOrUpdateReminder(Reminder, period, period);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var contentDue = time.GetUtcNow() - _lastContentSweep >= options.Value.ContentSweepPeriod;
        await SweepAsync(contentDue);
    }

    public async Task<RetentionSweep> SweepAsync(bool collectContent, TimeSpan? contentGrace = null)
    {
        using var activity = Source.StartActivity("retention sweep");
        var now = time.GetUtcNow();
        var purged = 0;
        foreach (var job in await retention.DueAsync(now, options.Value.MaxPurgesPerSweep))
        {
            try
            {
                _ = job.IsPrimeJob
                    ? await GrainFactory.GetGrain<IPrimeJobGrain>(job.Id).PurgeAsync()
                    : await GrainFactory.GetGrain<IBatchGrain>(job.Id).PurgeAsync();
                await retention.ForgetAsync(job);
                purged++;
            }
            catch (Exception ex)
            {
                LogPurgeFailed(ex, job.ToString()); // due still: the next sweep tries again
            }
        }

        Purged.Add(purged);
        var files = collectContent ? await CollectContentAsync(now - (contentGrace ?? options.Value.ContentGrace)) : new ContentSweep(0, 0, 0);
        activity?.SetTag("crawler.jobs_purged", purged);
        activity?.SetTag("crawler.files_deleted", files.Deleted);
        if (purged > 0 || files.Deleted > 0)
        {
            LogSwept(purged, files.Deleted, files.BytesFreed);
        }

        return new RetentionSweep(purged, files.Deleted, files.BytesFreed, files.Kept);
    }

    /// <summary>Deletes the content files that no batch refers to and that were not touched since <paramref name="untouchedSince"/>.</summary>
    private async Task<ContentSweep> CollectContentAsync(DateTimeOffset untouchedSince)
    {
        _lastContentSweep = time.GetUtcNow();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in await batches.ContentBatchesAsync())
        {
            await foreach (var sha256 in batches.ContentOfAsync(batch))
            {
                referenced.Add(sha256);
            }
        }

        var sweep = await Task.Run(() => content.DeleteUnreferenced(referenced.Contains, untouchedSince.UtcDateTime));
        Freed.Add(sweep.BytesFreed);
        return sweep;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Jobs} jobs deleted, {Files} content files ({Bytes} bytes) no job refers to")]
    private partial void LogSwept(int jobs, int files, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention: deleting {Job} failed; the next sweep tries again")]
    private partial void LogPurgeFailed(Exception exception, string job);
}
