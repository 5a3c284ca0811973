using Crawler.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Crawler.Silo;

/// <summary>Ready once this silo is an active member of the cluster and reaches the store; not before, and not after it leaves.</summary>
internal sealed class SiloReadiness(IClusterMembershipService membership, ILocalSiloDetails silo, [FromKeyedServices(CrawlerCluster.Store)] IConnectionMultiplexer store)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"this silo is {status} in the cluster, not active");
        }

        try
        {
            await store.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the store does not answer", ex);
        }
    }
}
