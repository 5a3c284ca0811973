using System.Globalization;
using System.Text;
using System.Xml;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Junit"/>: JUnit XML with one <c>testsuite</c> for the batch and one <c>testcase</c> a URL
/// (class name: the URL's host; name: the URL). An ok URL passes; http_error, too_many_redirects, invalid_url and
/// any outcome not known here are a <c>failure</c>; timeout, dns, connection, tls and protocol an <c>error</c>;
/// cancelled, excluded and blocked are <c>skipped</c>. The suite's totals are written before its test cases, so they are
/// taken from the batch's counts: pass the status of a finished batch. Test cases are streamed.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);

        await using var xml = XmlWriter.Create(output, Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "testsuites", null);
        await WriteTotalsAsync(xml, "crawler", batch);
        await xml.WriteStartElementAsync(null, "testsuite", null);
        await WriteTotalsAsync(xml, $"crawler check {batch.Id}", batch);
        await AttributeAsync(xml, "timestamp", (batch.StartedAt ?? batch.CreatedAt).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        await xml.WriteStartElementAsync(null, "properties", null);
        await PropertyAsync(xml, "batch.id", batch.Id);
        await PropertyAsync(xml, "batch.state", batch.State.Name());
        await PropertyAsync(xml, "batch.total", batch.Total.ToString(CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
        await foreach (var result in results.FlushingWhileWaiting(_ => xml.FlushAsync(), cancellationToken))
        {
            await WriteTestCaseAsync(xml, result);
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task WriteTotalsAsync(XmlWriter xml, string name, BatchStatus batch)
    {
        var (failures, errors, skipped) = (0, 0, 0);
        foreach (var (outcome, count) in batch.Failed)
        {
            switch (Outcomes.KindOf(outcome))
            {
                case OutcomeKind.Failure: failures += count; break;
                case OutcomeKind.Error: errors += count; break;
                case OutcomeKind.Skipped: skipped += count; break;
            }
        }

        var elapsed = batch.FinishedAt - (batch.StartedAt ?? batch.CreatedAt) ?? TimeSpan.Zero;
        await AttributeAsync(xml, "name", name);
        await AttributeAsync(xml, "tests", Number(batch.Ok + failures + errors + skipped));
        await AttributeAsync(xml, "failures", Number(failures));
        await AttributeAsync(xml, "errors", Number(errors));
        await AttributeAsync(xml, "skipped", Number(skipped));
        await AttributeAsync(xml, "time", Seconds(elapsed.TotalMilliseconds));
    }

    private static async Task WriteTestCaseAsync(XmlWriter xml, UrlResult result)
    {
        await xml.WriteStartElementAsync(null, "testcase", null);
        await AttributeAsync(xml, "classname", Uri.TryCreate(result.Url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : "(no host)");
        await AttributeAsync(xml, "name", result.Url);
        await AttributeAsync(xml, "time", Seconds(result.ElapsedMs));
        if (ElementFor(result.Outcome) is { } element)
        {
            await xml.WriteStartElementAsync(null, element, null);
            await AttributeAsync(xml, "message", result.Error ?? Outcomes.Describe(result.Outcome));
            await AttributeAsync(xml, "type", result.Outcome);
            await xml.WriteStringAsync(XmlText.Clean(Details(result)));
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
    }

    /// <summary>What a CI page shows below the message: everything known about the check, a fact a line.</summary>
    private static string Details(UrlResult result)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder().Append(invariant, $"url: {result.Url}\noutcome: {result.Outcome}\n");
        if (result.Status is { } status)
        {
            text.Append(invariant, $"status: {status}\n");
        }

        if (result.FinalUrl is { } finalUrl && finalUrl != result.Url)
        {
            text.Append(invariant, $"final url: {finalUrl}\n");
        }

        foreach (var hop in result.Redirects)
        {
            text.Append(invariant, $"redirect: {hop.Url} ({hop.Status})\n");
        }

        text.Append(invariant, $"attempts: {result.Attempts}\n");
        if (result.Error is { } error)
        {
            text.Append(invariant, $"error: {error}\n");
        }

        return text.ToString();
    }

    private static async Task PropertyAsync(XmlWriter xml, string name, string value)
    {
        await xml.WriteStartElementAsync(null, "property", null);
        await AttributeAsync(xml, "name", name);
        await AttributeAsync(xml, "value", value);
        await xml.WriteEndElementAsync();
    }

    internal static XmlWriterSettings Settings { get; } = new()
    {
        Async = true,
        Encoding = ReportOutput.Utf8,
        Indent = true,
        NewLineChars = "\n",
        CloseOutput = false,
    };

    /// <summary>What a test case of this outcome holds: nothing when it passed, else a failure, an error or skipped.</summary>
    internal static string? ElementFor(string outcome) => Outcomes.KindOf(outcome) switch
    {
        OutcomeKind.Passed => null,
        OutcomeKind.Error => "error",
        OutcomeKind.Skipped => "skipped",
        _ => "failure",
    };

    internal static Task AttributeAsync(XmlWriter xml, string name, string value) =>
        xml.WriteAttributeStringAsync(null, name, null, XmlText.Clean(value));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
