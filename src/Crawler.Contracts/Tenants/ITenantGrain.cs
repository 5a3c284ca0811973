namespace Crawler.Contracts.Tenants;

/// <summary>
/// One tenant's use of the cluster, keyed by tenant name: the jobs it has running and what it has drawn today. Admission
/// happens here, one request at a time, so two API instances cannot both let a tenant past a limit.
/// </summary>
[Alias("crawler.tenants.tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Admits the job and counts it against <paramref name="limits"/>, or says which limit it would break.</summary>
    [Retryable] // a job admitted already is admitted again without counting twice
    Task<Admission> AdmitAsync(JobClaim claim, TenantLimits limits);

    /// <summary>The job has ended: it no longer counts as running.</summary>
    Task ReleaseAsync(string jobId);

    /// <summary>Counts a running job's downloaded bytes against it and against today's allowance of <paramref name="perDay"/>.</summary>
    Task<DownloadDraw> DrawDownloadBytesAsync(string jobId, long bytes, long perDay);

    [Retryable]
    Task<TenantUsage> GetUsageAsync();
}
