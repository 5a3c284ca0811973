namespace Crawler.Cli;

/// <summary>What the command writes: lines for people as results come (text), the API's NDJSON as it comes, or a report at the end.</summary>
public enum OutputFormat
{
    Text,
    Ndjson,
    Json,
    Csv,
    Markdown,
    Junit,
    Sarif,
}

public static class OutputFormats
{
    public static string Name(this OutputFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>Written by the server once the job has ended (<c>?format=</c> of its results).</summary>
    public static bool IsReport(this OutputFormat format) => format is not (OutputFormat.Text or OutputFormat.Ndjson);
}
