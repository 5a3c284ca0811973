namespace Crawler.Formats.Links;

/// <summary>Writes a <see cref="LinkReport"/> in any <see cref="ReportFormat"/>, every link at its file, line and column.</summary>
public static class LinkReportWriters
{
    public static Task WriteAsync(ReportFormat format, LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        return format switch
        {
            ReportFormat.Ndjson => LinkJsonReport.WriteLinesAsync(report, output, cancellationToken),
            ReportFormat.Json => LinkJsonReport.WriteAsync(report, output, cancellationToken),
            ReportFormat.Csv => LinkCsvReport.WriteAsync(report, output, cancellationToken),
            ReportFormat.Markdown => LinkMarkdownReport.WriteAsync(report, output, cancellationToken),
            ReportFormat.Junit => LinkJunitReport.WriteAsync(report, output, cancellationToken),
            ReportFormat.Sarif => LinkSarifReport.WriteAsync(report, output, cancellationToken),
            ReportFormat.Github => LinkGithubReport.WriteAsync(report, output, cancellationToken),
            _ => throw ReportFormats.Undefined(format),
        };
    }
}
