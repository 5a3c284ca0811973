using System.Globalization;
using System.Xml;

namespace Crawler.Formats.Links;

/// <summary>
/// JUnit XML grouped by file: a <c>testsuite</c> a document (its name the document's path) and a <c>testcase</c> a link
/// (name: <c>line:column link</c>), failed, errored or skipped as in the batch JUnit report.
/// </summary>
internal static class LinkJunitReport
{
    public static async Task WriteAsync(LinkReport report, Stream output, CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(output, JUnitReportWriter.Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "testsuites", null);
        await TotalsAsync(xml, "crawler", report.Links, report.Elapsed.TotalMilliseconds);
        foreach (var file in report.BySource())
        {
            var links = file.ToList();
            await xml.WriteStartElementAsync(null, "testsuite", null);
            await TotalsAsync(xml, file.Key, links, links.Sum(link => link.Result.ElapsedMs));
            foreach (var link in links)
            {
                await xml.WriteStartElementAsync(null, "testcase", null);
                await AttributeAsync(xml, "classname", file.Key);
                await AttributeAsync(xml, "name", $"{link.Location.Line}:{link.Location.Column} {link.Reference}");
                await AttributeAsync(xml, "file", file.Key);
                await AttributeAsync(xml, "line", link.Location.Line.ToString(CultureInfo.InvariantCulture));
                await AttributeAsync(xml, "time", Seconds(link.Result.ElapsedMs));
                if (JUnitReportWriter.ElementFor(link.Result.Outcome) is { } element)
                {
                    await xml.WriteStartElementAsync(null, element, null);
                    await AttributeAsync(xml, "message", link.Result.Error ?? Outcomes.Describe(link.Result.Outcome));
                    await AttributeAsync(xml, "type", link.Result.Outcome);
                    await xml.WriteStringAsync(XmlText.Clean($"{link.Location}: {link.Reference}\n{LinkMessages.Of(link.Result)}\n"));
                    await xml.WriteEndElementAsync();
                }

                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
            await xml.FlushAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task TotalsAsync(XmlWriter xml, string name, IReadOnlyCollection<LinkCheck> links, double milliseconds)
    {
        var kinds = links.GroupBy(link => Outcomes.KindOf(link.Result.Outcome)).ToDictionary(group => group.Key, group => group.Count());
        await AttributeAsync(xml, "name", name);
        await AttributeAsync(xml, "tests", links.Count.ToString(CultureInfo.InvariantCulture));
        await AttributeAsync(xml, "failures", kinds.GetValueOrDefault(OutcomeKind.Failure).ToString(CultureInfo.InvariantCulture));
        await AttributeAsync(xml, "errors", kinds.GetValueOrDefault(OutcomeKind.Error).ToString(CultureInfo.InvariantCulture));
        await AttributeAsync(xml, "skipped", kinds.GetValueOrDefault(OutcomeKind.Skipped).ToString(CultureInfo.InvariantCulture));
        await AttributeAsync(xml, "time", Seconds(milliseconds));
    }

    private static Task AttributeAsync(XmlWriter xml, string name, string value) => JUnitReportWriter.AttributeAsync(xml, name, value);

    private static string Seconds(double milliseconds) => JUnitReportWriter.Seconds(milliseconds);
}
