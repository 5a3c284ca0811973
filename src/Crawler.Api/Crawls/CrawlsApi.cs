using Crawler.Api.Access;
using Crawler.Api.Batches;
using Crawler.Api.Downloads;
using Crawler.Contracts.Batches;

namespace Crawler.Api.Crawls;

/// <summary>
/// <c>/api/crawls</c>: batches whose URLs are seeds and whose pages' links are followed, with the batch's endpoints and,
/// for a crawl that downloads its images, the downloads' manifest.
/// </summary>
public static class CrawlsApi
{
    public static BatchResource Resource { get; } = new(BatchKind.Crawl, "/api/crawls", "crawl");

    public static IEndpointRouteBuilder MapCrawlsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Resource.Path).WithTags(Resource.Tag).RequireTenant(app.ServiceProvider).MapBatchEndpoints(Resource).MapManifest();
        return app;
    }
}
