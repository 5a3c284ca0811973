using System.Text.Json;
using Crawler.Contracts.Primes;
using Crawler.Contracts.Tenants;

namespace Crawler.Testing;

/// <summary>Starts prime jobs and reads their lines the way the API does.</summary>
public static class PrimeJobs
{
    public static async Task<IPrimeJobGrain> StartAsync(IGrainFactory grains, PrimeJobRequest request)
    {
        var job = grains.GetGrain<IPrimeJobGrain>(Guid.NewGuid().ToString("N"));
        await job.StartAsync(request, JobTerms.Default);
        return job;
    }

    public static List<T> Parse<T>(IEnumerable<string> lines, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        [.. lines.Select(line => JsonSerializer.Deserialize(line, type)!)];
}
