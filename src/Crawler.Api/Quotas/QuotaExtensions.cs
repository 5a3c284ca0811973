using System.Threading.RateLimiting;
using Crawler.Api.Access;
using Crawler.Api.Quotas;

namespace Microsoft.Extensions.Hosting;

public static class QuotaExtensions
{
    /// <summary>The rate limiter's policy on job submissions: a fixed window a minute per tenant.</summary>
    public const string SubmissionPolicy = "submissions";

    /// <summary>Each tenant's quotas (<see cref="QuotaLimits"/>) and the limiter of its submissions.</summary>
    public static IHostApplicationBuilder AddCrawlerQuotas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantQuotas>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SubmissionPolicy, context =>
            {
                var tenant = context.Tenant();
                var perMinute = context.RequestServices.GetRequiredService<TenantQuotas>().For(tenant).SubmissionsPerMinute;
                return perMinute <= 0
                    ? RateLimitPartition.GetNoLimiter(tenant)
                    : RateLimitPartition.GetFixedWindowLimiter(tenant, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var perMinute = context.RequestServices.GetRequiredService<TenantQuotas>().For(context.Tenant()).SubmissionsPerMinute;
                var problem = QuotaProblems.TooMany(context, "submissionsPerMinute", $"At most {perMinute} jobs may be submitted a minute.", retryAfter);
                await problem.ExecuteAsync(context);
            };
        });
        return builder;
    }
}
