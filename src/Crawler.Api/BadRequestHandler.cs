using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crawler.Api;

/// <summary>A request the API cannot read (bad JSON, a wrong query parameter) is the client's error: 400, with the reason.</summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        var problem = new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message };
        if (bad.InnerException is JsonException json)
        {
            // A body bound by the framework says only which parameter failed; the JSON error says where and why.
            if (!bad.Message.Contains(ApiJson.Describe(json), StringComparison.Ordinal))
            {
                problem.Detail = $"{bad.Message} {ApiJson.Describe(json)}";
            }

            if (ApiJson.Field(json) is { } field)
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [ApiJson.Describe(json)] };
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }
}
