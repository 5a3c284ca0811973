using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>Writes a batch's results in one <see cref="ReportFormat"/>. Implementations are stateless and thread-safe.</summary>
public interface IReportWriter
{
    /// <summary>
    /// Writes the report of <paramref name="batch"/> to <paramref name="output"/>, which is flushed but left open.
    /// <paramref name="results"/> may come in any index order (they come in completion order) and are enumerated
    /// once; formats that can stream write each result as it arrives and flush whenever the next one is not ready yet.
    /// Only asynchronous I/O is used, so <paramref name="output"/> may be an HTTP response body.
    /// </summary>
    Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken);
}
