namespace Crawler.Contracts.Tenants;

/// <summary>
/// What a job is held to, fixed by the API from its tenant's settings when it is submitted and kept in its record: whose it
/// is, how long it is kept once it ends, and what it may draw on while it runs.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.job-terms")]
public sealed record JobTerms
{
    [Id(0)] public string Tenant { get; init; } = TenantNames.Default;

    /// <summary>How long the job and everything it made are kept after it ends.</summary>
    [Id(1)] public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Bytes the job may download in all (downloads, a crawl's images); what is left is reported cancelled.</summary>
    [Id(2)] public long MaxDownloadBytes { get; init; } = long.MaxValue;

    /// <summary>The tenant's download allowance for a day (UTC), which the job draws on.</summary>
    [Id(3)] public long DownloadBytesPerDay { get; init; } = long.MaxValue;

    public static JobTerms Default { get; } = new();
}
