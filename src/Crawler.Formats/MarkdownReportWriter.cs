using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Markdown"/> (GitHub-flavoured): a title with the batch id and state, a table of the
/// results counted by outcome, a table of every URL that did not pass, by index, and a line saying how many
/// were ok. Only the failed results are held in memory; the report is written once the results end.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<UrlResult>();
        var total = 0;
        await foreach (var result in results.WithCancellation(cancellationToken))
        {
            total++;
            CollectionsMarshal.GetValueRefOrAddDefault(counts, result.Outcome, out _)++;
            if (!Outcomes.IsOk(result.Outcome))
            {
                failures.Add(result);
            }
        }

        failures.Sort((a, b) => a.Index.CompareTo(b.Index));
        var ok = counts.GetValueOrDefault(Outcomes.Ok);
        var invariant = CultureInfo.InvariantCulture;

        await using var text = ReportOutput.Text(output);
        var block = new StringBuilder();
        block.Append(invariant, $"# Crawler check `{batch.Id}`: {batch.State.Name()}\n\n");
        if (total != batch.Total)
        {
            block.Append(invariant, $"Results for {total} of the batch's {batch.Total} URLs.\n\n");
        }

        block.Append("| outcome | URLs |\n|---|---:|\n");
        foreach (var (outcome, count) in counts.InReportOrder(c => c.Key))
        {
            block.Append(invariant, $"| {Cell(outcome)} | {count} |\n");
        }

        block.Append(invariant, $"| **total** | {total} |\n\n");
        if (failures.Count > 0)
        {
            block.Append(invariant, $"## Failed URLs ({failures.Count})\n\n");
            block.Append("| index | URL | outcome | status | error |\n|---:|---|---|---:|---|\n");
        }

        await text.WriteAsync(block, cancellationToken);
        foreach (var failure in failures)
        {
            block.Clear().Append(invariant, $"| {failure.Index} | {Cell(failure.Url)} | {Cell(failure.Outcome)} | {failure.Status} | {Cell(failure.Error)} |\n");
            await text.WriteAsync(block, cancellationToken);
        }

        block.Clear().Append(failures.Count > 0 ? "\n" : "").Append(invariant, $"{ok} of {total} URLs were ok.\n");
        await text.WriteAsync(block, cancellationToken);
        await text.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Text made safe for one table cell: backslashes and pipes escaped (GitHub splits cells before it reads
    /// escapes, taking <c>\x</c> as a pair), and line breaks as <c>&lt;br&gt;</c>.
    /// </summary>
    private static string Cell(string? value) =>
        string.IsNullOrEmpty(value)
            ? ""
            : value
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("|", "\\|", StringComparison.Ordinal)
                .ReplaceLineEndings("<br>");
}
