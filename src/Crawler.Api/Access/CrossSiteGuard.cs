using Microsoft.Extensions.Options;

namespace Crawler.Api.Access;

/// <summary>
/// Refuses state-changing requests that a browser sends on behalf of another site (a page the operator has open that posts
/// to the API): by the browser's <c>Sec-Fetch-Site</c> and <c>Origin</c> headers, which pages cannot forge. Clients that
/// are not browsers send neither and pass. The API sends no CORS headers, so other sites cannot read its answers either.
/// </summary>
public sealed class CrossSiteGuard(RequestDelegate next, IOptions<AuthOptions> auth)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && IsCrossSite(request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site request refused",
                    Detail = "A page of another site may not change anything here (Auth:AllowedOrigins names the origins that may).",
                },
            });
            return;
        }

        await next(context);
    }

    private bool IsCrossSite(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
                && !auth.Value.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        }

        return request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";
    }
}
