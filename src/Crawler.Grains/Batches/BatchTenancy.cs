using Crawler.Contracts.Batches;
using Crawler.Contracts.Tenants;
using Crawler.Grains.Retention;
using Crawler.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Batches;

/// <summary>
/// What a batch owes beyond itself: while it runs, what it downloads counts against its own and its tenant's allowances;
/// when it ends, its tenant counts it no longer and its retention starts; when it is deleted, both forget it.
/// </summary>
internal sealed partial class BatchTenancy(string batchId, Func<JobTerms> terms, IGrainFactory grains, JobRetention retention, ILogger logger)
{
    private ITenantGrain Tenant => grains.GetGrain<ITenantGrain>(terms().Tenant);

    /// <summary>
    /// Counts what freshly recorded results downloaded; returns why the batch must stop (an allowance used up), or null.
    /// A count that fails is logged and the batch goes on: an allowance is a limit, not a ledger.
    /// </summary>
    public async Task<string?> CountDownloadsAsync(IReadOnlyList<UrlResult> fresh)
    {
        var bytes = fresh.Where(r => r is { DuplicateOf: null, Cached: null }).Sum(r => r.Download?.Bytes ?? 0);
        if (bytes == 0)
        {
            return null;
        }

        var held = terms();
        TenantTelemetry.DownloadBytes.Add(bytes, new KeyValuePair<string, object?>("tenant", held.Tenant));
        try
        {
            var draw = await Tenant.DrawDownloadBytesAsync(batchId, bytes, held.DownloadBytesPerDay);
            return draw.JobBytes >= held.MaxDownloadBytes
                ? $"maxDownloadBytes: the job downloaded {draw.JobBytes} bytes, and a job may download {held.MaxDownloadBytes}"
                : draw.LeftToday <= 0
                    ? $"downloadBytesPerDay: the tenant's {held.DownloadBytesPerDay} download bytes for today are used up"
                    : null;
        }
        catch (Exception ex)
        {
            LogDrawFailed(ex, batchId);
            return null;
        }
    }

    /// <summary>The batch has ended at <paramref name="finishedAt"/>: its tenant counts it no longer, and its retention starts.</summary>
    public async Task EndedAsync(DateTimeOffset finishedAt)
    {
        try
        {
            await Tenant.ReleaseAsync(batchId);
            await retention.ScheduleAsync(JobKey.Batch(batchId), finishedAt + terms().Retention);
        }
        catch (Exception ex)
        {
            // Neither is lost: the tenant finds ended jobs by itself, and the record keeps when it ended.
            LogEndNoticeFailed(ex, batchId);
        }
    }

    /// <summary>The batch is deleted: the retention index forgets it, and so does its tenant if it was still running.</summary>
    public async Task ForgetAsync(string tenant, bool wasRunning)
    {
        await retention.ForgetAsync(JobKey.Batch(batchId));
        if (wasRunning)
        {
            await grains.GetGrain<ITenantGrain>(tenant).ReleaseAsync(batchId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} could not tell its tenant or its retention that it ended")]
    private partial void LogEndNoticeFailed(Exception exception, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} could not count its downloads against its tenant's allowance")]
    private partial void LogDrawFailed(Exception exception, string batchId);
}
