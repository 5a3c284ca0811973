using Crawler.Contracts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crawler.Api;

/// <summary>
/// The cluster or its store failed a call for longer than the calls are sent again (<see cref="TransientRetryFilter"/>):
/// 503 with Retry-After, which tells the client to try again — not a 500, which says the request was wrong or the server broken.
/// </summary>
internal sealed class UnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientRetryFilter.IsTransient(exception) || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Cluster unavailable",
                Detail = "The cluster or its store did not answer in time; nothing was lost. Try again shortly.",
            },
        });
    }
}
