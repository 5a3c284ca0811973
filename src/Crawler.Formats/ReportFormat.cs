namespace Crawler.Formats;

/// <summary>A format a batch's results can be written in; <see cref="ReportFormats"/> parses and describes them.</summary>
public enum ReportFormat
{
    /// <summary>One result JSON object a line, the shape of the API's result stream.</summary>
    Ndjson,

    /// <summary>One JSON document: <c>{"batch": ..., "results": [...]}</c>.</summary>
    Json,

    /// <summary>RFC 4180 CSV, one row a result, guarded against formula injection.</summary>
    Csv,

    /// <summary>A summary for people and pull-request comments: counts and every failed URL.</summary>
    Markdown,

    /// <summary>JUnit XML: one test case a URL, for CI test reports.</summary>
    Junit,

    /// <summary>SARIF 2.1.0: one result a URL that did not pass, for code-scanning tools.</summary>
    Sarif,

    /// <summary>GitHub Actions workflow commands: an <c>::error</c> annotation a broken link, on its file and line when known.</summary>
    Github,
}
