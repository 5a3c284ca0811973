using System.Collections.Frozen;

namespace Crawler.Formats;

/// <summary>Names, media types and file extensions of the <see cref="ReportFormat"/>s.</summary>
public static class ReportFormats
{
    private static readonly FrozenDictionary<string, ReportFormat> ByName = new Dictionary<string, ReportFormat>
    {
        ["ndjson"] = ReportFormat.Ndjson,
        ["json"] = ReportFormat.Json,
        ["csv"] = ReportFormat.Csv,
        ["markdown"] = ReportFormat.Markdown,
        ["md"] = ReportFormat.Markdown,
        ["junit"] = ReportFormat.Junit,
        ["sarif"] = ReportFormat.Sarif,
        ["github"] = ReportFormat.Github,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every format, in declaration order.</summary>
    public static IReadOnlyList<ReportFormat> All { get; } = Enum.GetValues<ReportFormat>();

    /// <summary>
    /// Reads a format name, ignoring case: <c>ndjson</c>, <c>json</c>, <c>csv</c>, <c>markdown</c> (or <c>md</c>),
    /// <c>junit</c>, <c>sarif</c>. Numbers and other names are refused.
    /// </summary>
    public static bool TryParse(string? value, out ReportFormat format) =>
        ByName.TryGetValue(value ?? "", out format);

    /// <summary>The format's name as <see cref="TryParse"/> reads it, in lower case.</summary>
    public static string Name(this ReportFormat format) => format switch
    {
        ReportFormat.Ndjson => "ndjson",
        ReportFormat.Json => "json",
        ReportFormat.Csv => "csv",
        ReportFormat.Markdown => "markdown",
        ReportFormat.Junit => "junit",
        ReportFormat.Sarif => "sarif",
        ReportFormat.Github => "github",
        _ => throw Undefined(format),
    };

    /// <summary>The media type to send the format with.</summary>
    public static string ContentType(this ReportFormat format) => format switch
    {
        ReportFormat.Ndjson => "application/x-ndjson",
        ReportFormat.Json => "application/json",
        ReportFormat.Csv => "text/csv",
        ReportFormat.Markdown => "text/markdown",
        ReportFormat.Junit => "application/xml",
        ReportFormat.Sarif => "application/sarif+json",
        ReportFormat.Github => "text/plain",
        _ => throw Undefined(format),
    };

    /// <summary>The usual file extension of the format, with its leading dot (<c>.csv</c>).</summary>
    public static string FileExtension(this ReportFormat format) => format switch
    {
        ReportFormat.Ndjson => ".ndjson",
        ReportFormat.Json => ".json",
        ReportFormat.Csv => ".csv",
        ReportFormat.Markdown => ".md",
        ReportFormat.Junit => ".xml",
        ReportFormat.Sarif => ".sarif",
        ReportFormat.Github => ".txt",
        _ => throw Undefined(format),
    };

    internal static ArgumentOutOfRangeException Undefined(ReportFormat format) =>
        new(nameof(format), format, "Not a defined report format.");
}
