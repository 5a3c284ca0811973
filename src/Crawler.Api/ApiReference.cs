using Scalar.AspNetCore;

namespace Crawler.Api;

public static class ApiReference
{
    /// <summary>The OpenAPI document of every endpoint at <c>/openapi/v1.json</c>, and an interactive reference (Scalar) at <c>/scalar</c>.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("Crawler API"));
        return app;
    }
}
