using Crawler.Api.Access;
using Crawler.Api.Batches;
using Crawler.Contracts.Batches;
using Crawler.Downloads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crawler.Api.Downloads;

/// <summary>
/// <c>/api/downloads</c>: batches that also keep each good answer's body in the content store, with the batch's endpoints
/// and a manifest of what was kept (which a crawl that downloads its images has too).
/// </summary>
public static class DownloadsApi
{
    public static BatchResource Resource { get; } = new(BatchKind.Download, "/api/downloads", "download");

    public static IEndpointRouteBuilder MapDownloadsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Resource.Path).WithTags(Resource.Tag).RequireTenant(app.ServiceProvider).MapBatchEndpoints(Resource).MapManifest();
        return app;
    }

    /// <summary>The manifest's endpoint, on a resource whose batches download.</summary>
    public static RouteGroupBuilder MapManifest(this RouteGroupBuilder group)
    {
        group.MapGet($"/{BatchEndpoints.IdRoute}/manifest", GetManifestAsync)
            .WithSummary("What was downloaded, per URL, once the batch has ended: sha256, bytes, type, declared type (and the pages it was found on): ?format=json|csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return group;
    }

    /// <summary>What a download batch (or a crawl's images) kept, per URL, once it has ended: <c>?format=json</c> (default) or <c>csv</c>.</summary>
    public static async Task<Results<PushStreamHttpResult, ValidationProblem, NotFoundProblem>> GetManifestAsync(
        string id, string? format, IClusterClient cluster, HttpContext context)
    {
        if (format is not (null or "json" or "csv"))
        {
            return ProblemResults.Parameter("format", "must be json or csv");
        }

        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await BatchEndpoints.FindAsync(batch, context) is not ({ Kind: BatchKind.Download } or { Kind: BatchKind.Crawl, Options.Crawl.Images: true }))
        {
            return BatchEndpoints.NoSuchBatch(id);
        }

        var csv = format == "csv";
        var cancellation = context.RequestAborted;
        return TypedResults.Stream(
            async body =>
            {
                await ResultReader.WaitForEndAsync(batch, cancellation);
                var results = ResultReader.ResultsAsync(batch, 0, cancellation);
                await (csv ? DownloadManifest.WriteCsvAsync(results, body, cancellation) : DownloadManifest.WriteJsonAsync(results, body, cancellation));
            },
            contentType: csv ? "text/csv; charset=utf-8" : "application/json",
            fileDownloadName: $"manifest-{id}.{(csv ? "csv" : "json")}");
    }
}
