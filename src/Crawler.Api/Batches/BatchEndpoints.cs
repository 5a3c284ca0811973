using Crawler.Api.Access;
using Crawler.Api.Quotas;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Tenants;
using Crawler.Formats;
using Crawler.Insight;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Batches;

/// <summary>
/// The endpoints every batch resource has (<c>/api/checks</c>, <c>/api/downloads</c>, <c>/api/crawls</c>): submit, status,
/// results and reports, the concurrency summary, cancel. Each kind's own file maps them on its group.
/// </summary>
public static class BatchEndpoints
{
    public const string IdRoute = "{id:regex(^[0-9a-f]{{32}}$)}";

    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder group, BatchResource resource)
    {
        group.MapPost("/", (HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, TenantQuotas quotas, CancellationToken cancellationToken) =>
                SubmitAsync(resource, request, cluster, api, quotas, cancellationToken))
            .WithSummary($"Starts a {resource.Noun}: JSON {{\"urls\": [...], \"options\": {{...}}}}, or text/plain with one URL a line and options in the query")
            .DocumentsBody<BatchRequest>("application/json", "text/plain")
            .RequireRateLimiting(QuotaExtensions.SubmissionPolicy)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet($"/{IdRoute}", GetStatusAsync)
            .WithSummary($"The {resource.Noun}'s state and counts");
        group.MapGet($"/{IdRoute}/results", GetResultsAsync)
            .WithSummary("The results as they are recorded (NDJSON, streamed until the end), or a report: ?format=json|csv|markdown|junit|sarif; ?from=N skips N")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson");
        group.MapGet($"/{IdRoute}/summary", GetSummaryAsync)
            .WithSummary("How concurrent it was so far: max and mean in flight, queue-wait and run-time percentiles, the spread over hosts (?by=silo: over silos), the speed-up over one at a time");
        group.MapDelete($"/{IdRoute}", CancelAsync)
            .WithSummary($"Cancels the {resource.Noun}: every URL not yet fetched is reported cancelled; ?purge=true deletes it at once with everything it made");
        return group;
    }

    public static async Task<Results<Accepted<BatchStatus>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        BatchResource resource, HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, TenantQuotas quotas, CancellationToken cancellationToken)
    {
        if (BatchSubmission.LimitBody(request, api.Value) is { } tooLarge)
        {
            return tooLarge;
        }

        BatchOptions options;
        IAsyncEnumerable<string[]> chunks;
        if (BatchSubmission.IsJson(request))
        {
            var body = await BatchSubmission.ReadJsonAsync(request, cancellationToken);
            options = body.Options ?? BatchOptions.Default;
            chunks = (body.Urls ?? []).Chunk(BatchSubmission.ChunkSize).ToAsyncEnumerable();
        }
        else if (BatchSubmission.IsPlainText(request))
        {
            options = BatchSubmission.OptionsFromQuery(request.Query);
            chunks = BatchSubmission.ReadLinesAsync(request, cancellationToken);
        }
        else
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body",
                detail: "Send application/json ({\"urls\": [...], \"options\": {...}}) or text/plain (one URL a line).");
        }

        return await StartAsync(resource, request.HttpContext, cluster, api, quotas, options, chunks, attach: null);
    }

    /// <summary>
    /// Starts a batch of <paramref name="resource"/>'s kind from URLs already read: options validated, the tenant's
    /// quotas applied, the URLs appended a chunk at a time, <paramref name="attach"/> given the batch before it starts
    /// (a document check's links), and the batch started; an upload that fails on the way is abandoned.
    /// </summary>
    public static async Task<Results<Accepted<BatchStatus>, ValidationProblem, ProblemHttpResult>> StartAsync(
        BatchResource resource, HttpContext context, IClusterClient cluster, IOptions<ApiOptions> api, TenantQuotas quotas,
        BatchOptions options, IAsyncEnumerable<string[]> chunks, Func<IBatchGrain, Task>? attach)
    {
        options = options.For(resource.Kind);
        if (options.Validate(resource.Kind) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid check options");
        }

        var tenant = context.Tenant();
        var limits = quotas.For(tenant);
        if (options.Crawl is { } crawl && limits.MaxCrawlPages > 0 && crawl.MaxPages > limits.MaxCrawlPages)
        {
            return QuotaProblems.TooLarge("maxCrawlPages", $"A crawl may visit at most {limits.MaxCrawlPages} pages; this one asks for {crawl.MaxPages}.");
        }

        var id = Guid.CreateVersion7().ToString("N");
        var batch = cluster.GetGrain<IBatchGrain>(id);
        var count = 0;
        try
        {
            await foreach (var chunk in chunks)
            {
                if (count + chunk.Length > api.Value.MaxUrlsPerBatch)
                {
                    await batch.AbandonAsync();
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Too many URLs",
                        detail: $"A batch holds at most {api.Value.MaxUrlsPerBatch} URLs.");
                }

                count = await batch.AppendAsync(count, chunk);
            }
        }
        catch
        {
            await batch.AbandonAsync();
            throw;
        }

        if (count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No URLs", detail: "The request holds no URL to check.");
        }

        var owner = cluster.GetGrain<ITenantGrain>(tenant);
        var claim = new JobClaim(id, IsPrimeJob: false, Urls: count, Downloads: resource.Kind == BatchKind.Download || options.Crawl is { Images: true });
        if (await owner.AdmitAsync(claim, limits.ToTenantLimits()) is { Admitted: false } refusal)
        {
            await batch.AbandonAsync();
            return QuotaProblems.TooMany(context, refusal);
        }

        try
        {
            if (attach is not null)
            {
                await attach(batch);
            }

            var status = await batch.StartAsync(resource.Kind, options, limits.ToTerms(tenant));
            return TypedResults.Accepted($"{resource.Path}/{id}", status);
        }
        catch
        {
            await owner.ReleaseAsync(id);
            throw;
        }
    }

    /// <summary>The batch's status if it exists and belongs to the request's tenant: another tenant's batch is not found.</summary>
    public static async Task<BatchStatus?> FindAsync(IBatchGrain batch, HttpContext context) =>
        await batch.GetStatusAsync() is { } status && context.Owns(status.Tenant) ? status : null;

    public static async Task<Results<Ok<BatchStatus>, NotFoundProblem>> GetStatusAsync(string id, IClusterClient cluster, HttpContext context) =>
        await FindAsync(cluster.GetGrain<IBatchGrain>(id), context) is { } status ? TypedResults.Ok(status) : NoSuchBatch(id);

    public static async Task<Results<Ok<BatchStatus>, NoContent, NotFoundProblem>> CancelAsync(string id, bool? purge, IClusterClient cluster, HttpContext context)
    {
        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await FindAsync(batch, context) is null)
        {
            return NoSuchBatch(id);
        }

        if (purge == true)
        {
            return await batch.PurgeAsync() ? TypedResults.NoContent() : NoSuchBatch(id);
        }

        return await batch.CancelAsync() is { } status ? TypedResults.Ok(status) : NoSuchBatch(id);
    }

    /// <summary>
    /// The results in <c>?format=</c> (ndjson by default). ndjson and csv stream as results are recorded; json, markdown,
    /// junit and sarif need the batch's final counts, so they are written once it has ended.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ValidationProblem, NotFoundProblem>> GetResultsAsync(
        string id, long? from, string? format, IClusterClient cluster, HttpContext context)
    {
        if (from is < 0)
        {
            return ProblemResults.Parameter("from", "must be 0 or more");
        }

        var chosen = ReportFormat.Ndjson;
        if (format is not null && !ReportFormats.TryParse(format, out chosen))
        {
            return ProblemResults.Parameter("format", $"must be one of {string.Join(", ", ReportFormats.All.Select(f => f.Name()))}");
        }

        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await FindAsync(batch, context) is not { } status)
        {
            return NoSuchBatch(id);
        }

        var cancellation = context.RequestAborted;
        if (chosen == ReportFormat.Ndjson)
        {
            return ResultReader.Ndjson(batch, from ?? 0, context);
        }

        return TypedResults.Stream(
            async body =>
            {
                try
                {
                    if (chosen != ReportFormat.Csv)
                    {
                        await ResultReader.WaitForEndAsync(batch, cancellation);
                    }

                    var ended = await batch.GetStatusAsync() ?? throw new InvalidOperationException("The batch disappeared.");
                    await ReportWriters.For(chosen).WriteAsync(ended, ResultReader.ResultsAsync(batch, from ?? 0, cancellation), body, cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // The client went away; the results stay in the store for the next reader.
                }
            },
            contentType: chosen.ContentType(),
            fileDownloadName: $"{status.Kind.Name()}-{id}{chosen.FileExtension()}");
    }

    public static async Task<Results<Ok<ConcurrencySummary>, ValidationProblem, NotFoundProblem>> GetSummaryAsync(
        string id, string? by, IClusterClient cluster, HttpContext context, CancellationToken cancellationToken)
    {
        if (by is not (null or "host" or "silo"))
        {
            return ProblemResults.Parameter("by", "must be host or silo");
        }

        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await FindAsync(batch, context) is null)
        {
            return NoSuchBatch(id);
        }

        // Only the times, waits and the lane of each result are kept (the lane's name once), never the results themselves.
        var lanes = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = await ResultReader.SoFarAsync(
            batch,
            r => r.StartedAt is { } started ? (Lane(by == "silo" ? r.Silo ?? "" : HostOf(r.Url)), r.QueuedAt, started, r.FinishedAt, r.Waits) : default((string, DateTimeOffset, DateTimeOffset, DateTimeOffset, WaitTimes?)?),
            cancellationToken);
        return TypedResults.Ok(ConcurrencySummaries.OfUrls(items));

        string Lane(string name) => lanes.TryGetValue(name, out var known) ? known : lanes[name] = name;
    }

    public static NotFoundProblem NoSuchBatch(string id) => ProblemResults.NoSuch("batch", id);

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "";
}
