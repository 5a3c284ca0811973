using Crawler.Contracts.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crawler.Api.Quotas;

/// <summary>Refusals by a limit: problem details that name the limit (<c>limit</c>), with <c>Retry-After</c> where waiting helps.</summary>
internal static class QuotaProblems
{
    /// <summary>429: the tenant is over a limit of time (a minute's submissions, running jobs, a day's allowance).</summary>
    public static ProblemHttpResult TooMany(HttpContext context, Admission refusal) =>
        TooMany(context, refusal.Limit!, refusal.Detail!, refusal.RetryAfter ?? TimeSpan.FromMinutes(1));

    public static ProblemHttpResult TooMany(HttpContext context, string limit, string detail, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: $"Over the limit {limit}",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["limit"] = limit });
    }

    /// <summary>413: the job itself is larger than one job may be; waiting does not help.</summary>
    public static ProblemHttpResult TooLarge(string limit, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: $"Over the limit {limit}",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["limit"] = limit });
}
