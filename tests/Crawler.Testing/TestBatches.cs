using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Tenants;

namespace Crawler.Testing;

/// <summary>Submits batches and reads their results the way the API does, through the batch grain.</summary>
public static class TestBatches
{
    public static async Task<IBatchGrain> StartAsync(IGrainFactory grains, IReadOnlyList<string> urls, BatchOptions? options = null, BatchKind kind = BatchKind.Check)
    {
        var batch = grains.GetGrain<IBatchGrain>(Guid.NewGuid().ToString("N"));
        var count = 0;
        foreach (var chunk in urls.Chunk(100))
        {
            count = await batch.AppendAsync(count, chunk);
        }

        await batch.StartAsync(kind, (options ?? BatchOptions.Default).For(kind), JobTerms.Default);
        return batch;
    }

    /// <summary>
    /// Reads results from <paramref name="from"/> until the batch says there are no more. Calls that fail
    /// (a silo going down under the batch) are tried again until <paramref name="within"/> runs out.
    /// </summary>
    public static async Task<List<UrlResult>> ReadAllAsync(IBatchGrain batch, TimeSpan within, long from = 0) =>
        [.. (await ReadLinesAsync(batch, within, from)).Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)];

    /// <summary>The lines of any batch or job, as <see cref="ReadAllAsync"/> reads them.</summary>
    public static async Task<List<string>> ReadLinesAsync(IResultStream stream, TimeSpan within, long from = 0)
    {
        using var deadline = new CancellationTokenSource(within);
        var lines = new List<string>();
        while (true)
        {
            ResultPage page;
            try
            {
                page = await stream.ReadResultsAsync(from + lines.Count, 500, TimeSpan.FromSeconds(2), deadline.Token);
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

    public static async Task<List<UrlResult>> RunAsync(IGrainFactory grains, IReadOnlyList<string> urls, BatchOptions? options = null, TimeSpan? within = null, BatchKind kind = BatchKind.Check) =>
        await ReadAllAsync(await StartAsync(grains, urls, options, kind), within ?? TimeSpan.FromSeconds(60));
}
