using System.Text.Json;

namespace Crawler.Formats.Links;

/// <summary>
/// SARIF 2.1.0 with physical locations: one result a link that did not pass, at its document (a relative URI, as
/// code scanning wants it) and its line and column, so the broken link shows on its line; rules and levels as in the batch
/// SARIF report; the link's target URL in <c>properties.url</c>.
/// </summary>
internal static class LinkSarifReport
{
    private static readonly SarifReportWriter Tool = new();

    public static async Task WriteAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        var rules = Outcomes.KnownFailures.Union(report.NotOk.Select(o => o.Outcome)).ToList();
        var ruleIndex = rules.Index().ToDictionary(rule => rule.Item, rule => rule.Index, StringComparer.Ordinal);
        using var log = new JsonOutput(output);
        var json = log.Json;
        json.WriteStartObject();
        json.WriteString("$schema", SarifReportWriter.SchemaUri);
        json.WriteString("version", SarifReportWriter.Version);
        json.WriteStartArray("runs");
        json.WriteStartObject();
        Tool.WriteTool(json, rules);
        json.WriteStartArray("results");
        foreach (var link in report.BySource().SelectMany(file => file).Where(link => !Outcomes.IsOk(link.Result.Outcome)))
        {
            WriteResult(json, link, ruleIndex[link.Result.Outcome]);
            await log.FlushIfFullAsync(cancellationToken);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        await log.FlushAsync(cancellationToken);
    }

    private static void WriteResult(Utf8JsonWriter json, LinkCheck link, int ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", link.Result.Outcome);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", SarifReportWriter.Level(link.Result.Outcome));
        SarifReportWriter.WriteMessage(json, "message", $"Link '{link.Reference}': {LinkMessages.Of(link.Result)}");
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ArtifactUri(link.Location.Source));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", link.Location.Line);
        json.WriteNumber("startColumn", link.Location.Column);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteString("link", link.Reference);
        json.WriteString("url", link.Result.Url);
        if (link.Result.Status is { } status)
        {
            json.WriteNumber("status", status);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A document's path as a relative URI reference: forward slashes, each segment percent-encoded.</summary>
    private static string ArtifactUri(string source) =>
        string.Join('/', source.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
}
