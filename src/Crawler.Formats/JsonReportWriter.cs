using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Json"/>: one document <c>{"batch": status, "results": [result, ...]}</c>, the batch
/// and each result in the API's JSON shape, results in the order they arrive. Streamed: nothing is held back.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);

        using var document = new JsonOutput(output);
        var json = document.Json;
        json.WriteStartObject();
        json.WritePropertyName("batch");
        JsonSerializer.Serialize(json, batch, CrawlerJson.Default.BatchStatus);
        json.WriteStartArray("results");
        await foreach (var result in results.FlushingWhileWaiting(document.FlushAsync, cancellationToken))
        {
            JsonSerializer.Serialize(json, result, CrawlerJson.Default.UrlResult);
            await document.FlushIfFullAsync(cancellationToken);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await document.FlushAsync(cancellationToken);
    }
}
