namespace Crawler.Formats;

/// <summary>The writer of each <see cref="ReportFormat"/>.</summary>
public static class ReportWriters
{
    private static readonly NdjsonReportWriter Ndjson = new();
    private static readonly JsonReportWriter Json = new();
    private static readonly CsvReportWriter Csv = new();
    private static readonly MarkdownReportWriter Markdown = new();
    private static readonly JUnitReportWriter Junit = new();
    private static readonly SarifReportWriter Sarif = new();
    private static readonly GithubReportWriter Github = new();

    /// <summary>The writer of <paramref name="format"/>, with default settings; one shared instance per format.</summary>
    public static IReportWriter For(ReportFormat format) => format switch
    {
        ReportFormat.Ndjson => Ndjson,
        ReportFormat.Json => Json,
        ReportFormat.Csv => Csv,
        ReportFormat.Markdown => Markdown,
        ReportFormat.Junit => Junit,
        ReportFormat.Sarif => Sarif,
        ReportFormat.Github => Github,
        _ => throw ReportFormats.Undefined(format),
    };
}
