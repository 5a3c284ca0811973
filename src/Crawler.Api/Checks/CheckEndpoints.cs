using Crawler.Contracts.Checks;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Checks;

public static class CheckEndpoints
{
    private const string IdRoute = "{id:regex(^[0-9a-f]{{32}}$)}";
    private const int PageSize = 1_000;
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapCheckEndpoints(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("/api/checks");
        checks.MapPost("/", SubmitAsync);
        checks.MapGet($"/{IdRoute}", GetAsync);
        checks.MapGet($"/{IdRoute}/results", StreamResultsAsync);
        checks.MapDelete($"/{IdRoute}", CancelAsync);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        CheckOptions options;
        IAsyncEnumerable<string[]> chunks;
        if (CheckSubmission.IsJson(request))
        {
            var body = await CheckSubmission.ReadJsonAsync(request, cancellationToken);
            options = body.Options ?? CheckOptions.Default;
            chunks = (body.Urls ?? []).Chunk(CheckSubmission.ChunkSize).ToAsyncEnumerable();
        }
        else if (CheckSubmission.IsPlainText(request))
        {
            options = CheckSubmission.OptionsFromQuery(request.Query);
            chunks = CheckSubmission.ReadLinesAsync(request, cancellationToken);
        }
        else
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body",
                detail: "Send application/json ({\"urls\": [...], \"options\": {...}}) or text/plain (one URL a line).");
        }

        if (options.Validate() is { Count: > 0 } errors)
        {
            return Results.ValidationProblem(errors, title: "Invalid check options");
        }

        var id = Guid.CreateVersion7().ToString("N");
        var batch = cluster.GetGrain<ICheckBatchGrain>(id);
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

        var status = await batch.StartAsync(options);
        return Results.Accepted($"/api/checks/{id}", status);
    }

    private static async Task<IResult> GetAsync(string id, IClusterClient cluster) =>
        await cluster.GetGrain<ICheckBatchGrain>(id).GetStatusAsync() is { } status ? Results.Ok(status) : NotFound(id);

    private static async Task<IResult> CancelAsync(string id, IClusterClient cluster) =>
        await cluster.GetGrain<ICheckBatchGrain>(id).CancelAsync() is { } status ? Results.Ok(status) : NotFound(id);

    private static async Task<IResult> StreamResultsAsync(string id, long? from, IClusterClient cluster, HttpContext context)
    {
        var batch = cluster.GetGrain<ICheckBatchGrain>(id);
        if (from is < 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["must be 0 or more"] });
        }

        if (await batch.GetStatusAsync() is null)
        {
            return NotFound(id);
        }

        return Results.Stream(
            stream => WriteResultsAsync(batch, from ?? 0, stream, context.RequestAborted),
            contentType: "application/x-ndjson");
    }

    /// <summary>Writes each result as one line as soon as it is recorded, until the batch has no more.</summary>
    private static async Task WriteResultsAsync(ICheckBatchGrain batch, long from, Stream body, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(body, leaveOpen: true) { NewLine = "\n" };
        try
        {
            var next = from;
            while (true)
            {
                var page = await batch.ReadResultsAsync(next, PageSize, LongPoll, cancellationToken);
                foreach (var line in page.Lines)
                {
                    await writer.WriteLineAsync(line);
                }

                await writer.FlushAsync(cancellationToken);
                next += page.Lines.Count;
                if (page.Finished)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the results stay in the store for the next reader.
        }
        finally
        {
            await writer.DisposeAsync();
        }
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such batch", detail: $"No batch has id {id}.");
}
