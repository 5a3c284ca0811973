using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Ndjson"/>: each result as one line of JSON, byte for byte as the API's result stream
/// writes it, in the order the results arrive. The batch status is not part of this format. Streamed.
/// </summary>
public sealed class NdjsonReportWriter : IReportWriter
{
    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);

        using var lines = new JsonOutput(output);
        await foreach (var result in results.FlushingWhileWaiting(lines.FlushAsync, cancellationToken))
        {
            JsonSerializer.Serialize(lines.Json, result, CrawlerJson.Default.UrlResult);
            lines.EndLine();
            await lines.FlushIfFullAsync(cancellationToken);
        }

        await lines.FlushAsync(cancellationToken);
    }
}
