namespace Crawler.Contracts.Tenants;

/// <summary>What a tenant uses now: its running jobs, and what it has used of today's (UTC) allowances.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.tenant-usage")]
public sealed record TenantUsage
{
    [Id(0)] public required string Tenant { get; init; }
    [Id(1)] public int RunningJobs { get; init; }
    [Id(2)] public DateOnly Day { get; init; }
    [Id(3)] public long Urls { get; init; }
    [Id(4)] public double PrimeWork { get; init; }
    [Id(5)] public long DownloadBytes { get; init; }
}
