using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Formats;
using Crawler.Insight;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Primes;

public static class PrimeEndpoints
{
    private const string IdRoute = "{id:regex(^[0-9a-f]{{32}}$)}";

    public static IEndpointRouteBuilder MapPrimeEndpoints(this IEndpointRouteBuilder app)
    {
        var primes = app.MapGroup("/api/primes").WithTags("primes");
        primes.MapPost("/", SubmitAsync)
            .WithSummary("Starts a prime job: count [from, to), list the primes of a small range, or test a list of numbers")
            .DocumentsBody<PrimeJobRequest>("application/json")
            .Produces<PrimeJobStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        primes.MapGet($"/{IdRoute}", GetAsync)
            .WithSummary("The job's state, partitions done, per-silo counts and (once completed) its summary")
            .Produces<PrimeJobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        primes.MapGet($"/{IdRoute}/results", ResultsAsync)
            .WithSummary("The job's lines (partitions, primes or answers) as NDJSON, streamed until it ends; ?from=N skips N")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status404NotFound);
        primes.MapGet($"/{IdRoute}/summary", SummaryAsync)
            .WithSummary("How concurrent the job was so far: partitions in flight (max, mean), their queue waits and run times, per silo, and the speed-up over one core")
            .Produces<ConcurrencySummary>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        primes.MapDelete($"/{IdRoute}", CancelAsync)
            .WithSummary("Cancels the job; what finished stays readable")
            .Produces<PrimeJobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body",
                detail: "Send application/json: {\"from\": 0, \"to\": 1000000000}, {\"kind\": \"list\", \"from\": ..., \"to\": ...} or {\"numbers\": [...]}.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = api.Value.MaxJsonBodyBytes;
        }

        PrimeJobRequest? job;
        try
        {
            job = await JsonSerializer.DeserializeAsync(request.Body, CrawlerJson.Default.PrimeJobRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"The body is not valid JSON for a prime job: {ex.Message}", ex);
        }

        if (job is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No job", detail: "The body is empty.");
        }

        if (job.Validate() is { Count: > 0 } errors)
        {
            return Results.ValidationProblem(errors, title: "Invalid prime job");
        }

        var id = Guid.CreateVersion7().ToString("N");
        var status = await cluster.GetGrain<IPrimeJobGrain>(id).StartAsync(job);
        return Results.Accepted($"/api/primes/{id}", status);
    }

    private static async Task<IResult> GetAsync(string id, IClusterClient cluster) =>
        await cluster.GetGrain<IPrimeJobGrain>(id).GetStatusAsync() is { } status ? Results.Ok(status) : NotFound(id);

    private static async Task<IResult> CancelAsync(string id, IClusterClient cluster) =>
        await cluster.GetGrain<IPrimeJobGrain>(id).CancelAsync() is { } status ? Results.Ok(status) : NotFound(id);

    /// <summary>The job's result lines as NDJSON, streamed as partitions finish, from <c>?from=</c>.</summary>
    private static async Task<IResult> ResultsAsync(string id, long? from, IClusterClient cluster, HttpContext context)
    {
        if (from is < 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["must be 0 or more"] });
        }

        var job = cluster.GetGrain<IPrimeJobGrain>(id);
        if (await job.GetStatusAsync() is null)
        {
            return NotFound(id);
        }

        var cancellation = context.RequestAborted;
        return Results.Stream(
            async body =>
            {
                try
                {
                    await using var writer = new StreamWriter(body, leaveOpen: true) { NewLine = "\n" };
                    await foreach (var page in ResultReader.PagesAsync(job, from ?? 0, cancellation))
                    {
                        foreach (var line in page)
                        {
                            await writer.WriteLineAsync(line);
                        }

                        await writer.FlushAsync(cancellation);
                    }
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // The client went away; the job's results stay readable.
                }
            },
            contentType: "application/x-ndjson");
    }

    private static async Task<IResult> SummaryAsync(string id, IClusterClient cluster)
    {
        var job = cluster.GetGrain<IPrimeJobGrain>(id);
        if (await job.GetStatusAsync() is null)
        {
            return NotFound(id);
        }

        var timings = await job.GetTimingsAsync();
        return Results.Ok(ConcurrencySummaries.Of(timings.Select(t => (t.Silo, t.QueuedAt, t.StartedAt, t.FinishedAt))));
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such prime job", detail: $"No prime job has id {id}.");
}
