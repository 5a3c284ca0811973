using System.Globalization;
using System.Text;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Csv"/>: RFC 4180 (UTF-8, CRLF, a header row), one row a result in the order they
/// arrive. Text that would start a formula in a spreadsheet (<c>= + - @</c>, tab, CR) gets a leading
/// <c>'</c>, as OWASP recommends against CSV injection. Streamed.
/// </summary>
public sealed class CsvReportWriter : IReportWriter
{
    /// <summary>The header row's field names, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "index", "url", "outcome", "status", "finalUrl", "error", "redirects", "attempts", "elapsedMs", "silo",
        "queuedAt", "startedAt", "finishedAt",
    ];

    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);

        await using var text = ReportOutput.Text(output);
        var row = new StringBuilder(256);
        row.AppendJoin(',', Columns).Append("\r\n");
        await text.WriteAsync(row, cancellationToken);
        await foreach (var result in results.FlushingWhileWaiting(text.FlushAsync, cancellationToken))
        {
            row.Clear();
            AppendRecord(row, result);
            await text.WriteAsync(row, cancellationToken);
        }

        await text.FlushAsync(cancellationToken);
    }

    private static void AppendRecord(StringBuilder row, UrlResult result)
    {
        var invariant = CultureInfo.InvariantCulture;
        row.Append(invariant, $"{result.Index},");
        CsvText.Append(row, result.Url).Append(',');
        CsvText.Append(row, result.Outcome).Append(',');
        row.Append(invariant, $"{result.Status},");
        CsvText.Append(row, result.FinalUrl).Append(',');
        CsvText.Append(row, result.Error).Append(',');
        row.Append(invariant, $"{result.Redirects.Count},{result.Attempts},{result.ElapsedMs},");
        CsvText.Append(row, result.Silo).Append(',');
        row.Append(invariant, $"{result.QueuedAt:O},{result.StartedAt:O},{result.FinishedAt:O}\r\n");
    }
}
