using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Checks;
using Crawler.Contracts.Primes;

namespace Crawler.Cluster.Tests;

/// <summary>Starts prime jobs and reads their lines the way the API does.</summary>
internal static class PrimeJobs
{
    public static async Task<IPrimeJobGrain> StartAsync(IGrainFactory grains, PrimeJobRequest request)
    {
        var job = grains.GetGrain<IPrimeJobGrain>(Guid.NewGuid().ToString("N"));
        await job.StartAsync(request);
        return job;
    }

    /// <summary>Every line until the job ends; calls that fail while a silo goes down are tried again.</summary>
    public static async Task<List<string>> ReadAllAsync(IPrimeJobGrain job, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        var lines = new List<string>();
        while (true)
        {
            ResultPage page;
            try
            {
                page = await job.ReadResultsAsync(lines.Count, 10_000, TimeSpan.FromSeconds(2), deadline.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, deadline.Token);
                continue;
            }

            lines.AddRange(page.Lines);
            if (page.Finished)
            {
                return lines;
            }

            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    public static List<T> Parse<T>(IEnumerable<string> lines, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        [.. lines.Select(line => JsonSerializer.Deserialize(line, type)!)];

    public static CrawlerJson Json => CrawlerJson.Default;
}
