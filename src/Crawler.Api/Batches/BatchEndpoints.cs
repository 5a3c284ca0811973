using Crawler.Downloads;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Formats;
using Crawler.Insight;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Batches;

public static class BatchEndpoints
{
    private const string IdRoute = "{id:regex(^[0-9a-f]{{32}}$)}";

    /// <summary>
    /// <c>/api/checks</c>, <c>/api/downloads</c> and <c>/api/crawls</c>: a download is a batch that also keeps each
    /// good answer's body in the content store (and has a manifest of what it kept), a crawl one whose URLs are seeds
    /// and whose pages' links are followed; they share the batch's endpoints.
    /// </summary>
    public static IEndpointRouteBuilder MapCheckEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (path, kind) in new[] { ("/api/checks", BatchKind.Check), ("/api/downloads", BatchKind.Download), ("/api/crawls", BatchKind.Crawl) })
        {
            var noun = kind switch { BatchKind.Download => "download", BatchKind.Crawl => "crawl", _ => "check batch" };
            var group = app.MapGroup(path).WithTags(path["/api/".Length..]);
            group.MapPost("/", (HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, CancellationToken cancellationToken) =>
                    SubmitAsync(request, cluster, api, path, kind, cancellationToken))
                .WithSummary($"Starts a {noun}: JSON {{\"urls\": [...], \"options\": {{...}}}}, or text/plain with one URL a line and options in the query")
                .DocumentsBody<BatchRequest>("application/json", "text/plain")
                .Produces<BatchStatus>(StatusCodes.Status202Accepted)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
            group.MapGet($"/{IdRoute}", GetAsync)
                .WithSummary($"The {noun}'s state and counts")
                .Produces<BatchStatus>()
                .ProducesProblem(StatusCodes.Status404NotFound);
            group.MapGet($"/{IdRoute}/results", ResultsAsync)
                .WithSummary("The results as they are recorded (NDJSON, streamed until the end), or a report: ?format=json|csv|markdown|junit|sarif; ?from=N skips N")
                .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
            group.MapGet($"/{IdRoute}/summary", SummaryAsync)
                .WithSummary("How concurrent it was so far: max and mean in flight, queue-wait and run-time percentiles, the spread over hosts (?by=silo: over silos), the speed-up over one at a time")
                .Produces<ConcurrencySummary>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
            group.MapDelete($"/{IdRoute}", CancelAsync)
                .WithSummary($"Cancels the {noun}: every URL not yet fetched is reported cancelled")
                .Produces<BatchStatus>()
                .ProducesProblem(StatusCodes.Status404NotFound);
            if (kind is BatchKind.Download or BatchKind.Crawl)
            {
                group.MapGet($"/{IdRoute}/manifest", ManifestAsync)
                    .WithSummary("What was downloaded, per URL, once the batch has ended: sha256, bytes, type, declared type (and the pages it was found on): ?format=json|csv")
                    .Produces(StatusCodes.Status200OK, contentType: "application/json")
                    .ProducesProblem(StatusCodes.Status404NotFound);
            }
        }

        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, string path, BatchKind kind, CancellationToken cancellationToken)
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
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body",
                detail: "Send application/json ({\"urls\": [...], \"options\": {...}}) or text/plain (one URL a line).");
        }

        options = options.For(kind);
        if (options.Validate(kind) is { Count: > 0 } errors)
        {
            return Results.ValidationProblem(errors, title: "Invalid check options");
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
                    return Results.Problem(
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
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No URLs", detail: "The request holds no URL to check.");
        }

        var status = await batch.StartAsync(kind, options);
        return Results.Accepted($"{path}/{id}", status);
    }

    private static async Task<IResult> GetAsync(string id, IClusterClient cluster) =>
        await cluster.GetGrain<IBatchGrain>(id).GetStatusAsync() is { } status ? Results.Ok(status) : NotFound(id);

    private static async Task<IResult> CancelAsync(string id, IClusterClient cluster) =>
        await cluster.GetGrain<IBatchGrain>(id).CancelAsync() is { } status ? Results.Ok(status) : NotFound(id);

    /// <summary>
    /// The results in <c>?format=</c> (ndjson by default). ndjson and csv stream as results are recorded;
    /// json, markdown, junit and sarif need the batch's final counts, so they are written once it has ended.
    /// </summary>
    private static async Task<IResult> ResultsAsync(string id, long? from, string? format, IClusterClient cluster, HttpContext context)
    {
        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (from is < 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["must be 0 or more"] });
        }

        var chosen = ReportFormat.Ndjson;
        if (format is not null && !ReportFormats.TryParse(format, out chosen))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [$"must be one of {string.Join(", ", ReportFormats.All.Select(f => f.Name()))}"],
            });
        }

        if (await batch.GetStatusAsync() is null)
        {
            return NotFound(id);
        }

        var cancellation = context.RequestAborted;
        return Results.Stream(
            async body =>
            {
                try
                {
                    await WriteAsync(batch, chosen, from ?? 0, body, cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // The client went away; the results stay in the store for the next reader.
                }
            },
            contentType: chosen.ContentType(),
            fileDownloadName: chosen == ReportFormat.Ndjson ? null : $"check-{id}{chosen.FileExtension()}");
    }

    private static async Task WriteAsync(IBatchGrain batch, ReportFormat format, long from, Stream body, CancellationToken cancellationToken)
    {
        if (format == ReportFormat.Ndjson)
        {
            // Lines go out as the store holds them: no parsing, no re-serialising.
            await using var writer = new StreamWriter(body, leaveOpen: true) { NewLine = "\n" };
            await foreach (var page in ResultReader.PagesAsync(batch, from, cancellationToken))
            {
                foreach (var line in page)
                {
                    await writer.WriteLineAsync(line);
                }

                await writer.FlushAsync(cancellationToken);
            }

            return;
        }

        if (format != ReportFormat.Csv)
        {
            await ResultReader.WaitForEndAsync(batch, cancellationToken);
        }

        var status = await batch.GetStatusAsync() ?? throw new InvalidOperationException("The batch disappeared.");
        await ReportWriters.For(format).WriteAsync(status, ResultReader.ResultsAsync(batch, from, cancellationToken), body, cancellationToken);
    }

    /// <summary>What a download batch (or a crawl's images) kept, per URL, once it has ended: <c>?format=json</c> (default) or <c>csv</c>.</summary>
    private static async Task<IResult> ManifestAsync(string id, string? format, IClusterClient cluster, HttpContext context)
    {
        if (format is not (null or "json" or "csv"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["must be json or csv"] });
        }

        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await batch.GetStatusAsync() is not ({ Kind: BatchKind.Download } or { Kind: BatchKind.Crawl, Options.Crawl.Images: true }))
        {
            return NotFound(id);
        }

        var csv = format == "csv";
        var cancellation = context.RequestAborted;
        return Results.Stream(
            async body =>
            {
                await ResultReader.WaitForEndAsync(batch, cancellation);
                var results = ResultReader.ResultsAsync(batch, 0, cancellation);
                await (csv ? DownloadManifest.WriteCsvAsync(results, body, cancellation) : DownloadManifest.WriteJsonAsync(results, body, cancellation));
            },
            contentType: csv ? "text/csv; charset=utf-8" : "application/json",
            fileDownloadName: $"manifest-{id}.{(csv ? "csv" : "json")}");
    }

    private static async Task<IResult> SummaryAsync(string id, string? by, IClusterClient cluster, CancellationToken cancellationToken)
    {
        if (by is not (null or "host" or "silo"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["must be host or silo"] });
        }

        var batch = cluster.GetGrain<IBatchGrain>(id);
        if (await batch.GetStatusAsync() is null)
        {
            return NotFound(id);
        }

        var results = await ResultReader.SoFarAsync(batch, cancellationToken);
        return Results.Ok(ConcurrencySummaries.Of(results
            .Where(r => r.StartedAt is not null)
            .Select(r => (by == "silo" ? r.Silo ?? "" : HostOf(r.Url), r.QueuedAt, r.StartedAt!.Value, r.FinishedAt))));
    }

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "";

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such batch", detail: $"No batch has id {id}.");
}
