using System.Text;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Sarif"/>: SARIF 2.1.0 with one run of the tool <c>crawler</c>, a rule per outcome other
/// than ok (its id is the outcome name) and one result per URL that did not pass, located at the URL. Levels:
/// <c>note</c> for cancelled, excluded and blocked, <c>warning</c> for timeout, <c>error</c> for anything else. Results are
/// streamed; OK URLs produce none.
/// </summary>
/// <param name="informationUri">Where people learn about the tool (<c>tool.driver.informationUri</c>), such as the
/// service's documentation; left out of the log when null, as SARIF allows.</param>
public sealed class SarifReportWriter(Uri? informationUri = null) : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string Version = "2.1.0";
    public const string ToolName = "crawler";

    public Uri? InformationUri { get; } = informationUri;

    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);

        // Rules come before results, so they cover every known outcome and any other the batch has counted.
        var rules = Outcomes.KnownFailures
            .Union(batch.Failed.Keys.Where(outcome => !Outcomes.IsOk(outcome)).Order(StringComparer.Ordinal))
            .ToList();
        var ruleIndex = rules.Index().ToDictionary(rule => rule.Item, rule => rule.Index, StringComparer.Ordinal);

        using var log = new JsonOutput(output);
        var json = log.Json;
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", Version);
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, rules);
        WriteRunProperties(json, batch);
        json.WriteStartArray("results");
        await foreach (var result in results.FlushingWhileWaiting(log.FlushAsync, cancellationToken))
        {
            if (!Outcomes.IsOk(result.Outcome))
            {
                WriteResult(json, result, ruleIndex.TryGetValue(result.Outcome, out var index) ? index : null);
                await log.FlushIfFullAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        await log.FlushAsync(cancellationToken);
    }

    internal void WriteTool(Utf8JsonWriter json, IEnumerable<string> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolName);
        if (InformationUri is not null)
        {
            json.WriteString("informationUri", InformationUri.AbsoluteUri);
        }

        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule);
            WriteMessage(json, "shortDescription", Outcomes.Describe(rule));
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRunProperties(Utf8JsonWriter json, BatchStatus batch)
    {
        json.WriteStartObject("properties");
        json.WriteString("batchId", batch.Id);
        json.WriteString("state", batch.State.Name());
        json.WriteNumber("total", batch.Total);
        json.WriteNumber("ok", batch.Ok);
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, UrlResult result, int? ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", result.Outcome);
        if (ruleIndex is { } index)
        {
            json.WriteNumber("ruleIndex", index);
        }

        json.WriteString("level", Level(result.Outcome));
        WriteMessage(json, "message", LinkMessages.Of(result));
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ArtifactUri(result.Url));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteNumber("index", result.Index);
        json.WriteString("url", result.Url);
        if (result.Status is { } status)
        {
            json.WriteNumber("status", status);
        }

        if (result.FinalUrl is { } finalUrl)
        {
            json.WriteString("finalUrl", finalUrl);
        }

        json.WriteNumber("redirects", result.Redirects.Count);
        json.WriteNumber("attempts", result.Attempts);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static void WriteMessage(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    internal static string Level(string outcome) => Outcomes.KindOf(outcome) switch
    {
        OutcomeKind.Skipped => "note",
        _ when outcome == Outcomes.Timeout => "warning",
        _ => "error",
    };

    /// <summary>
    /// The URL as SARIF's <c>uri</c> (an RFC 3986 URI reference, ASCII only): the URL itself when it is one, else
    /// its escaped form (punycode host, percent-encoded path), else, for text that is no absolute URL, all of it
    /// percent-encoded. The URL as submitted stays in the message and in <c>properties.url</c>.
    /// </summary>
    internal static string ArtifactUri(string url)
    {
        if (Uri.IsWellFormedUriString(url, UriKind.Absolute) && Ascii.IsValid(url))
        {
            return url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri
            : Uri.EscapeDataString(url);
    }
}
