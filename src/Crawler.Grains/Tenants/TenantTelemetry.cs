using System.Diagnostics.Metrics;

namespace Crawler.Grains.Tenants;

/// <summary>Metrics of tenants' use of the cluster.</summary>
public static class TenantTelemetry
{
    public const string Name = "Crawler.Tenants";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "crawler.tenant.refused", "{job}", "Jobs refused by a tenant's limit, by limit");

    public static readonly Counter<long> DownloadBytes = Meter.CreateCounter<long>(
        "crawler.tenant.download_bytes", "By", "Bytes downloaded for tenants' jobs");
}
