namespace Crawler.Contracts.Tenants;

/// <summary>The limits a tenant's jobs are admitted under, across the whole cluster; days are UTC days.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.tenant-limits")]
public sealed record TenantLimits
{
    [Id(0)] public int MaxRunningJobs { get; init; } = int.MaxValue;
    [Id(1)] public long UrlsPerDay { get; init; } = long.MaxValue;
    [Id(2)] public double PrimeWorkPerDay { get; init; } = double.MaxValue;
    [Id(3)] public long DownloadBytesPerDay { get; init; } = long.MaxValue;
}
