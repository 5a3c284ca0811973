using Crawler.Api.Access;
using Crawler.Api.Batches;
using Crawler.Api.Quotas;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Documents;
using Crawler.Documents;
using Crawler.Formats;
using Crawler.Formats.Links;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Documents;

/// <summary>
/// <c>/api/documents</c>: the links of documents sent as text (JSON) or as a tarball of a docs tree, extracted here and
/// checked by a check batch of their distinct URLs (links within the upload are checked against it), and a report that
/// puts every link at its document, line and column.
/// </summary>
public static class DocumentsApi
{
    public static BatchResource Resource { get; } = new(BatchKind.Check, "/api/documents", "document check");

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Resource.Path).WithTags(Resource.Tag).RequireTenant(app.ServiceProvider);
        group.MapPost("/", SubmitAsync)
            .WithSummary("Checks the links of documents: JSON {\"documents\": [{\"path\", \"text\"}], \"baseUrl\", \"includeFragments\", \"options\"}, or a tarball (application/gzip, application/x-tar) of a docs tree with the same settings in the query")
            .DocumentsBody<DocumentsRequest>("application/json", "application/gzip", "application/x-tar")
            .RequireRateLimiting(QuotaExtensions.SubmissionPolicy)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet($"/{BatchEndpoints.IdRoute}", BatchEndpoints.GetStatusAsync)
            .WithSummary("The check batch's state and counts");
        group.MapGet($"/{BatchEndpoints.IdRoute}/results", GetReportAsync)
            .WithSummary("Every link at its document, line and column with its result, once the batch has ended: ?format=json (default)|ndjson|csv|markdown|junit|sarif|github");
        group.MapGet($"/{BatchEndpoints.IdRoute}/summary", BatchEndpoints.GetSummaryAsync)
            .WithSummary("How concurrent the check batch was");
        group.MapDelete($"/{BatchEndpoints.IdRoute}", BatchEndpoints.CancelAsync)
            .WithSummary("Cancels the check batch (?purge=true deletes it with its links)");
        return app;
    }

    /// <summary>
    /// Starts the check batch of the upload's URLs (202, its address in Location). An upload whose links are all within
    /// it needs no batch: its report is the answer (200).
    /// </summary>
    public static async Task<IResult> SubmitAsync(
        HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, TenantQuotas quotas, CancellationToken cancellationToken)
    {
        if (BatchSubmission.LimitBody(request, api.Value) is { } tooLarge)
        {
            return tooLarge;
        }

        DocumentUpload upload;
        if (BatchSubmission.IsJson(request))
        {
            upload = await DocumentUpload.ReadJsonAsync(request, cancellationToken);
        }
        else if (DocumentUpload.IsTarball(request))
        {
            upload = await DocumentUpload.ReadTarballAsync(request, cancellationToken);
        }
        else
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body",
                detail: "Send application/json ({\"documents\": [{\"path\": \"README.md\", \"text\": \"...\"}]}) or a tarball (application/gzip or application/x-tar).");
        }

        // Extracting links is CPU work over text of any length: off the request's thread, as the engines expect.
        var plan = await Task.Run(() => DocumentPlan.For(upload), cancellationToken);
        if (plan.Urls.Count == 0)
        {
            return Report(ReportOf(plan.Links, []), ReportFormat.Json, "documents");
        }

        // Fragments of URLs are checked against the anchors their pages answer with.
        var options = plan.Links.Links.Any(link => link.Fragment is not null) ? upload.Options with { Anchors = true } : upload.Options;
        var chunks = plan.Urls.Chunk(BatchSubmission.ChunkSize).ToAsyncEnumerable();
        return await BatchEndpoints.StartAsync(Resource, request.HttpContext, cluster, api, quotas, options, chunks, batch => batch.AttachLinksAsync(plan.Links));
    }

    public static async Task<Results<PushStreamHttpResult, ValidationProblem, NotFoundProblem>> GetReportAsync(
        string id, string? format, IClusterClient cluster, HttpContext context)
    {
        var chosen = ReportFormat.Json;
        if (format is not null && !ReportFormats.TryParse(format, out chosen))
        {
            return ProblemResults.Parameter("format", $"must be one of {string.Join(", ", ReportFormats.All.Select(f => f.Name()))}");
        }

        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await BatchEndpoints.FindAsync(batch, context) is not { } status || await batch.ReadLinksAsync() is not { } links)
        {
            return ProblemResults.NoSuch("document check", id);
        }

        var cancellation = context.RequestAborted;
        return TypedResults.Stream(
            async body =>
            {
                try
                {
                    await ResultReader.WaitForEndAsync(batch, cancellation);
                    var results = new UrlResult?[status.Total];
                    await foreach (var result in ResultReader.ResultsAsync(batch, 0, cancellation))
                    {
                        results[result.Index] = result;
                    }

                    await LinkReportWriters.WriteAsync(chosen, ReportOf(links, results), body, cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // The client went away; the results stay in the store for the next reader.
                }
            },
            contentType: chosen.ContentType(),
            fileDownloadName: $"documents-{id}{chosen.FileExtension()}");
    }

    private static PushStreamHttpResult Report(LinkReport report, ReportFormat format, string name) => TypedResults.Stream(
        body => LinkReportWriters.WriteAsync(format, report, body, CancellationToken.None),
        contentType: format.ContentType(),
        fileDownloadName: $"{name}{format.FileExtension()}");

    /// <summary>The links joined with their results: a URL's from the batch, a link within the upload's from the table.</summary>
    private static LinkReport ReportOf(DocumentLinkTable table, UrlResult?[] results)
    {
        var checks = new List<LinkCheck>(table.Links.Count);
        foreach (var link in table.Links)
        {
            var result = link.UrlIndex >= 0
                ? RemoteFragments.ResultFor(results[link.UrlIndex] ?? throw new InvalidOperationException($"The batch has no result for its URL {link.UrlIndex}."), link.Fragment)
                : new UrlResult { Index = -1, Url = link.Target ?? link.Reference, Outcome = link.Outcome ?? "ok", Error = link.Error };
            checks.Add(new LinkCheck(new SourceLocation(link.Source, link.Line, link.Column), link.Reference, result));
        }

        var elapsed = results.OfType<UrlResult>().Select(r => r.FinishedAt).DefaultIfEmpty().Max() - results.OfType<UrlResult>().Select(r => r.QueuedAt).DefaultIfEmpty().Min();
        return new LinkReport(checks, table.Documents, results.Length + table.LocalTargets, elapsed);
    }
}
