using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;
using Microsoft.Extensions.Logging;

namespace Crawler.Grains.Tenants;

/// <summary>
/// Admits a tenant's jobs against its limits and counts what they draw: its turns make the counts exact without locks, and
/// the record keeps them across silos. A job that ended without saying so (its release lost with a silo) is found out when
/// the limit of running jobs is reached, by asking each running job how it is.
/// </summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant", CrawlerCluster.JobStorage)] IPersistentState<TenantRecord> record,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    /// <summary>A job admitted this long ago and still not started will not start (its submission failed half-way).</summary>
    private static readonly TimeSpan NeverStarted = TimeSpan.FromMinutes(1);

    private TenantRecord Usage => record.State;

    private string Tenant => this.GetPrimaryKeyString();

    public async Task<Admission> AdmitAsync(JobClaim claim, TenantLimits limits)
    {
        if (Usage.Running.ContainsKey(claim.JobId))
        {
            return Admission.Yes;
        }

        Roll();
        if (Usage.Running.Count >= limits.MaxRunningJobs)
        {
            await ForgetEndedJobsAsync();
        }

        var untilTomorrow = UntilTomorrow();
        var refusal =
            Usage.Running.Count >= limits.MaxRunningJobs
                ? new Admission(false, "maxRunningJobs", $"{Usage.Running.Count} of this tenant's jobs are running, and at most {limits.MaxRunningJobs} may; try again when one has ended.", TimeSpan.FromSeconds(10))
            : Usage.Urls + claim.Urls > limits.UrlsPerDay
                ? new Admission(false, "urlsPerDay", $"{claim.Urls} URLs would make {Usage.Urls + claim.Urls} today, and at most {limits.UrlsPerDay} may be checked a day.", untilTomorrow)
            : Usage.PrimeWork + claim.PrimeWork > limits.PrimeWorkPerDay
                ? new Admission(false, "primeWorkPerDay", $"This job's sieving work ({claim.PrimeWork:0.###e0}) would go past today's allowance ({limits.PrimeWorkPerDay:0.###e0}, {Usage.PrimeWork:0.###e0} used).", untilTomorrow)
            : claim.Downloads && Usage.DownloadBytes >= limits.DownloadBytesPerDay
                ? new Admission(false, "downloadBytesPerDay", $"Today's {limits.DownloadBytesPerDay} download bytes are used up.", untilTomorrow)
            : null;
        if (refusal is not null)
        {
            TenantTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("limit", refusal.Limit));
            LogRefused(Tenant, claim.JobId, refusal.Limit!);
            return refusal;
        }

        Usage.Running[claim.JobId] = new RunningJob(claim.IsPrimeJob, time.GetUtcNow());
        Usage.Urls += claim.Urls;
        Usage.PrimeWork += claim.PrimeWork;
        await record.WriteStateAsync();
        return Admission.Yes;
    }

    public async Task ReleaseAsync(string jobId)
    {
        if (Usage.Running.Remove(jobId))
        {
            await record.WriteStateAsync();
        }
    }

    public async Task<DownloadDraw> DrawDownloadBytesAsync(string jobId, long bytes, long perDay)
    {
        Roll();
        Usage.DownloadBytes += bytes;
        var jobBytes = bytes;
        if (Usage.Running.TryGetValue(jobId, out var job))
        {
            Usage.Running[jobId] = job with { DownloadBytes = jobBytes = job.DownloadBytes + bytes };
        }

        await record.WriteStateAsync();
        return new DownloadDraw(jobBytes, perDay - Usage.DownloadBytes);
    }

    public Task<TenantUsage> GetUsageAsync()
    {
        Roll();
        return Task.FromResult(new TenantUsage
        {
            Tenant = Tenant,
            RunningJobs = Usage.Running.Count,
            Day = Usage.Day,
            Urls = Usage.Urls,
            PrimeWork = Usage.PrimeWork,
            DownloadBytes = Usage.DownloadBytes,
        });
    }

    /// <summary>A new UTC day starts with nothing drawn.</summary>
    private void Roll()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (Usage.Day != today)
        {
            (Usage.Day, Usage.Urls, Usage.PrimeWork, Usage.DownloadBytes) = (today, 0, 0, 0);
        }
    }

    private TimeSpan UntilTomorrow()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now;
    }

    /// <summary>
    /// Drops running jobs that have ended (or are gone, or never started) though no release came. The jobs' status calls
    /// interleave, so a job waiting on this grain still answers.
    /// </summary>
    private async Task ForgetEndedJobsAsync()
    {
        var ended = new List<string>();
        foreach (var (jobId, job) in Usage.Running)
        {
            var state = job.IsPrimeJob
                ? (await GrainFactory.GetGrain<IPrimeJobGrain>(jobId).GetStatusAsync())?.State
                : (await GrainFactory.GetGrain<IBatchGrain>(jobId).GetStatusAsync())?.State;
            var neverStarted = state == JobState.Queued && time.GetUtcNow() - job.AdmittedAt > NeverStarted;
            if (state is null || state.Value.HasEnded() || neverStarted)
            {
                ended.Add(jobId);
            }
        }

        if (ended.Count > 0)
        {
            ended.ForEach(id => Usage.Running.Remove(id));
            await record.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant}: job {JobId} refused by the limit {Limit}")]
    private partial void LogRefused(string tenant, string jobId, string limit);
}
