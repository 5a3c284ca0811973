using System.Text.Json;
using Crawler.Contracts;

namespace Crawler.Formats.Links;

/// <summary>
/// JSON: <c>{"summary": {...}, "files": [{"source", "links": [{"line", "column", "link", "result"}]}]}</c>, where
/// <c>result</c> is the API's result object; NDJSON: one <c>{"source", "line", "column", "link", "result"}</c> a line.
/// </summary>
internal static class LinkJsonReport
{
    public static async Task WriteAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        using var log = new JsonOutput(output);
        var json = log.Json;
        json.WriteStartObject();
        json.WriteStartObject("summary");
        json.WriteNumber("documents", report.Documents);
        json.WriteNumber("links", report.Links.Count);
        json.WriteNumber("targets", report.Targets);
        json.WriteNumber("ok", report.Ok);
        json.WriteNumber("broken", report.Broken);
        json.WriteNumber("skipped", report.Skipped);
        json.WriteStartObject("outcomes");
        foreach (var (outcome, count) in report.NotOk)
        {
            json.WriteNumber(outcome, count);
        }

        json.WriteEndObject();
        json.WriteNumber("elapsedMs", Math.Round(report.Elapsed.TotalMilliseconds));
        json.WriteEndObject();
        json.WriteStartArray("files");
        foreach (var file in report.BySource())
        {
            json.WriteStartObject();
            json.WriteString("source", file.Key);
            json.WriteStartArray("links");
            foreach (var link in file)
            {
                WriteLink(json, link, withSource: false);
                await log.FlushIfFullAsync(cancellationToken);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await log.FlushAsync(cancellationToken);
    }

    public static async Task WriteLinesAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        using var log = new JsonOutput(output);
        foreach (var link in report.BySource().SelectMany(file => file))
        {
            WriteLink(log.Json, link, withSource: true);
            log.EndLine();
            await log.FlushIfFullAsync(cancellationToken);
        }

        await log.FlushAsync(cancellationToken);
    }

    private static void WriteLink(Utf8JsonWriter json, LinkCheck link, bool withSource)
    {
        json.WriteStartObject();
        if (withSource)
        {
            json.WriteString("source", link.Location.Source);
        }

        json.WriteNumber("line", link.Location.Line);
        json.WriteNumber("column", link.Location.Column);
        json.WriteString("link", link.Reference);
        json.WritePropertyName("result");
        JsonSerializer.Serialize(json, link.Result, CrawlerJson.Default.UrlResult);
        json.WriteEndObject();
    }
}
