using Crawler.Api.Access;
using Crawler.Contracts.Tenants;

namespace Crawler.Api.Quotas;

/// <summary><c>/api/usage</c>: what the caller's tenant uses now, and its limits.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/usage", GetUsageAsync)
            .WithTags("usage")
            .WithSummary("The tenant's running jobs and what it has used today (UTC), with its limits")
            .RequireTenant(app.ServiceProvider);
        return app;
    }

    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<TenantUsageReport>> GetUsageAsync(HttpContext context, IClusterClient cluster, TenantQuotas quotas)
    {
        var tenant = context.Tenant();
        var usage = await cluster.GetGrain<ITenantGrain>(tenant).GetUsageAsync();
        var limits = quotas.For(tenant);
        return TypedResults.Ok(new TenantUsageReport(usage, new TenantLimitsReport(
            limits.SubmissionsPerMinute, limits.MaxRunningJobs, limits.UrlsPerDay, limits.MaxCrawlPages, limits.MaxDownloadBytesPerJob,
            limits.DownloadBytesPerDay, limits.PrimeWorkPerJob, limits.PrimeWorkPerDay, QuotaLimits.PrimeWork(limits.PrimeWorkPerDay), limits.Retention)));
    }
}

/// <summary>A tenant's use of the cluster today and its limits (0: none).</summary>
public sealed record TenantUsageReport(TenantUsage Usage, TenantLimitsReport Limits);

/// <summary>The limits as configured; prime work as the N of the π(N) it equals, and the day's as sieving work besides.</summary>
public sealed record TenantLimitsReport(
    int SubmissionsPerMinute,
    int MaxRunningJobs,
    long UrlsPerDay,
    int MaxCrawlPages,
    long MaxDownloadBytesPerJob,
    long DownloadBytesPerDay,
    double PrimeWorkPerJob,
    double PrimeWorkPerDay,
    double PrimeWorkPerDayInWork,
    TimeSpan Retention);
