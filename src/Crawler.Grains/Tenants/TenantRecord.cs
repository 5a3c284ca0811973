namespace Crawler.Grains.Tenants;

/// <summary>A tenant's use of the cluster (grain state): its running jobs and today's (UTC) draws.</summary>
[GenerateSerializer]
[Alias("crawler.tenants.tenant-record")]
public sealed class TenantRecord
{
    /// <summary>Jobs admitted and not yet released, by id.</summary>
    [Id(0)] public Dictionary<string, RunningJob> Running { get; set; } = [];

    [Id(1)] public DateOnly Day { get; set; }
    [Id(2)] public long Urls { get; set; }
    [Id(3)] public double PrimeWork { get; set; }
    [Id(4)] public long DownloadBytes { get; set; }
}

/// <summary>A job a tenant has running: whether it is a prime job (else a batch), when it was admitted, what it downloaded.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.tenants.running-job")]
public sealed record RunningJob([property: Id(0)] bool IsPrimeJob, [property: Id(1)] DateTimeOffset AdmittedAt, [property: Id(2)] long DownloadBytes = 0);
