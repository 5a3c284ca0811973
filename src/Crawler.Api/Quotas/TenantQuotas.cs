using System.Collections.Concurrent;

namespace Crawler.Api.Quotas;

/// <summary>Each tenant's <see cref="QuotaLimits"/>: the <c>Quotas</c> section with the tenant's own settings over it.</summary>
public sealed class TenantQuotas(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, QuotaLimits> _byTenant = new(StringComparer.Ordinal);

    public QuotaLimits For(string tenant) => _byTenant.GetOrAdd(tenant, name =>
    {
        var section = configuration.GetSection(QuotaLimits.Section);
        var limits = new QuotaLimits();
        section.Bind(limits);
        section.GetSection($"{nameof(QuotaLimits.Tenants)}:{name}").Bind(limits);
        return limits;
    });
}
