using Crawler.Api.Access;
using Crawler.Api.Batches;
using Crawler.Api.Quotas;
using Crawler.Contracts;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;
using Crawler.Primes;
using Crawler.Insight;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Primes;

/// <summary><c>/api/primes</c>: prime jobs — count a range, list a small one, or test numbers — spread over every silo.</summary>
public static class PrimesApi
{
    public static IEndpointRouteBuilder MapPrimesApi(this IEndpointRouteBuilder app)
    {
        var primes = app.MapGroup("/api/primes").WithTags("primes").RequireTenant(app.ServiceProvider);
        primes.MapPost("/", SubmitAsync)
            .WithSummary("Starts a prime job: count [from, to), list the primes of a small range, or test a list of numbers")
            .DocumentsBody<PrimeJobRequest>("application/json")
            .RequireRateLimiting(QuotaExtensions.SubmissionPolicy)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        primes.MapGet($"/{BatchEndpoints.IdRoute}", GetStatusAsync)
            .WithSummary("The job's state, partitions done, per-silo counts and (once completed) its summary");
        primes.MapGet($"/{BatchEndpoints.IdRoute}/results", GetResultsAsync)
            .WithSummary("The job's lines (partitions, primes or answers) as NDJSON, streamed until it ends; ?from=N skips N")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson");
        primes.MapGet($"/{BatchEndpoints.IdRoute}/summary", GetSummaryAsync)
            .WithSummary("How concurrent the job was so far: partitions in flight (max, mean), their queue waits and run times, per silo, and the speed-up over one core");
        primes.MapDelete($"/{BatchEndpoints.IdRoute}", CancelAsync)
            .WithSummary("Cancels the job; what finished stays readable; ?purge=true deletes it at once");
        return app;
    }

    public static async Task<Results<Accepted<PrimeJobStatus>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, IClusterClient cluster, IOptions<ApiOptions> api, TenantQuotas quotas, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported body",
                detail: "Send application/json: {\"from\": 0, \"to\": 1000000000}, {\"kind\": \"list\", \"from\": ..., \"to\": ...} or {\"numbers\": [...]}.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = api.Value.MaxJsonBodyBytes;
        }

        var job = await ApiJson.ReadAsync<PrimeJobRequest>(request, "a prime job", cancellationToken);
        if (job is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No job", detail: "The body is empty.");
        }

        if (job.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid prime job");
        }

        var tenant = request.HttpContext.Tenant();
        var limits = quotas.For(tenant);
        var work = job.EffectiveKind == PrimeJobKind.IsPrime ? 0 : SieveWork.Estimate(job.From ?? 0, job.To!.Value);
        if (work > QuotaLimits.PrimeWork(limits.PrimeWorkPerJob))
        {
            return QuotaProblems.TooLarge("primeWorkPerJob", $"A prime job may sieve at most as much as counting the primes below {limits.PrimeWorkPerJob:0.###e0}; this one would sieve more.");
        }

        var id = Guid.CreateVersion7().ToString("N");
        var owner = cluster.GetGrain<ITenantGrain>(tenant);
        if (await owner.AdmitAsync(new JobClaim(id, IsPrimeJob: true, PrimeWork: work), limits.ToTenantLimits()) is { Admitted: false } refusal)
        {
            return QuotaProblems.TooMany(request.HttpContext, refusal);
        }

        try
        {
            var status = await cluster.GetGrain<IPrimeJobGrain>(id).StartAsync(job, limits.ToTerms(tenant));
            return TypedResults.Accepted($"/api/primes/{id}", status);
        }
        catch
        {
            await owner.ReleaseAsync(id);
            throw;
        }
    }

    public static async Task<Results<Ok<PrimeJobStatus>, NotFoundProblem>> GetStatusAsync(string id, IClusterClient cluster, HttpContext context) =>
        await FindAsync(cluster.GetGrain<IPrimeJobGrain>(id), context) is { } status ? TypedResults.Ok(status) : NoSuchJob(id);

    public static async Task<Results<Ok<PrimeJobStatus>, NoContent, NotFoundProblem>> CancelAsync(string id, bool? purge, IClusterClient cluster, HttpContext context)
    {
        var job = cluster.GetGrain<IPrimeJobGrain>(id);
        if (await FindAsync(job, context) is null)
        {
            return NoSuchJob(id);
        }

        if (purge == true)
        {
            return await job.PurgeAsync() ? TypedResults.NoContent() : NoSuchJob(id);
        }

        return await job.CancelAsync() is { } status ? TypedResults.Ok(status) : NoSuchJob(id);
    }

    /// <summary>The job's status if it exists and belongs to the request's tenant: another tenant's job is not found.</summary>
    private static async Task<PrimeJobStatus?> FindAsync(IPrimeJobGrain job, HttpContext context) =>
        await job.GetStatusAsync() is { } status && context.Owns(status.Tenant) ? status : null;

    /// <summary>The job's result lines as NDJSON, streamed as partitions finish, from <c>?from=</c>.</summary>
    public static async Task<Results<PushStreamHttpResult, ValidationProblem, NotFoundProblem>> GetResultsAsync(
        string id, long? from, IClusterClient cluster, HttpContext context)
    {
        if (from is < 0)
        {
            return ProblemResults.Parameter("from", "must be 0 or more");
        }

        var job = cluster.GetGrain<IPrimeJobGrain>(id);
        return await FindAsync(job, context) is null ? NoSuchJob(id) : ResultReader.Ndjson(job, from ?? 0, context);
    }

    public static async Task<Results<Ok<ConcurrencySummary>, NotFoundProblem>> GetSummaryAsync(string id, IClusterClient cluster, HttpContext context)
    {
        var job = cluster.GetGrain<IPrimeJobGrain>(id);
        if (await FindAsync(job, context) is null)
        {
            return NoSuchJob(id);
        }

        var timings = await job.GetTimingsAsync();
        return TypedResults.Ok(ConcurrencySummaries.Of(timings.Select(t => (t.Silo, t.QueuedAt, t.StartedAt, t.FinishedAt))));
    }

    private static NotFoundProblem NoSuchJob(string id) => ProblemResults.NoSuch("prime job", id);
}
