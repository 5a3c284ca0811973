using Crawler.Api.Access;
using Crawler.Api.Batches;
using Crawler.Contracts.Batches;

namespace Crawler.Api.Checks;

/// <summary><c>/api/checks</c>: batches that check each URL — its status, redirects and time — with the batch's endpoints.</summary>
public static class ChecksApi
{
    public static BatchResource Resource { get; } = new(BatchKind.Check, "/api/checks", "check batch");

    public static IEndpointRouteBuilder MapChecksApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Resource.Path).WithTags(Resource.Tag).RequireTenant(app.ServiceProvider).MapBatchEndpoints(Resource);
        return app;
    }
}
