using System.Globalization;

namespace Crawler.Formats.Tests;

public sealed class CsvReportWriterTests
{
    private static readonly string[] Header =
    [
        "index", "url", "outcome", "status", "finalUrl", "error", "redirects", "attempts", "elapsedMs", "silo",
        "queuedAt", "startedAt", "finishedAt",
    ];

    [Fact]
    public async Task Writes_a_header_and_one_RFC_4180_record_per_result()
    {
        var text = await SampleBatch.WriteAsync(ReportFormat.Csv);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = Rfc4180.Parse(text);
        Assert.Equal(Header, records[0]);
        Assert.Equal(SampleBatch.Results.Count, records.Count - 1);
        Assert.All(records, r => Assert.Equal(Header.Length, r.Count));

        foreach (var (expected, record) in SampleBatch.Results.Zip(records.Skip(1)))
        {
            var field = Header.Zip(record).ToDictionary(p => p.First, p => p.Second);
            Assert.Equal(expected.Index.ToString(CultureInfo.InvariantCulture), field["index"]);
            Assert.Equal(expected.Outcome, field["outcome"]);
            Assert.Equal(expected.Status?.ToString(CultureInfo.InvariantCulture) ?? "", field["status"]);
            Assert.Equal(expected.FinalUrl ?? "", field["finalUrl"]);
            Assert.Equal(expected.Error ?? "", field["error"]);
            Assert.Equal(expected.Redirects.Count.ToString(CultureInfo.InvariantCulture), field["redirects"]);
            Assert.Equal(expected.Attempts.ToString(CultureInfo.InvariantCulture), field["attempts"]);
            Assert.Equal(expected.ElapsedMs, double.Parse(field["elapsedMs"], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Silo ?? "", field["silo"]);
            Assert.Equal(expected.QueuedAt, DateTimeOffset.Parse(field["queuedAt"], CultureInfo.InvariantCulture));
            Assert.Equal(expected.StartedAt, field["startedAt"] is "" ? null : DateTimeOffset.Parse(field["startedAt"], CultureInfo.InvariantCulture));
            Assert.Equal(expected.FinishedAt, DateTimeOffset.Parse(field["finishedAt"], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Round_trips_commas_quotes_line_breaks_and_unicode()
    {
        var records = Rfc4180.Parse(await SampleBatch.WriteAsync(ReportFormat.Csv));

        var urls = records.Skip(1).Select(r => r[1]).ToList();
        Assert.Contains(SampleBatch.CommaQuoteUrl, urls);
        Assert.Contains(SampleBatch.UnicodeUrl, urls);
        Assert.Contains(SampleBatch.PipeUrl, urls);
        var pipe = records.Single(r => r[1] == SampleBatch.PipeUrl);
        Assert.Equal(SampleBatch.PipeError, pipe[5]);
        Assert.Contains("\n", pipe[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guards_a_formula_with_a_leading_quote_inside_the_quoted_field()
    {
        var text = await SampleBatch.WriteAsync(ReportFormat.Csv);

        Assert.Contains("6,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",invalid_url,", text, StringComparison.Ordinal);
        var record = Rfc4180.Parse(text).Single(r => r[0] == "6");
        Assert.Equal("'" + SampleBatch.FormulaUrl, record[1]);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("a=1", "a=1")]
    [InlineData("'quoted already", "'quoted already")]
    public async Task Guards_every_field_that_starts_a_formula_and_only_those(string error, string field)
    {
        var result = SampleBatch.Result(0, "https://example.com/", "http_error", status: 500, error: error);

        var records = Rfc4180.Parse(await SampleBatch.WriteAsync(ReportFormat.Csv, [result]));

        Assert.Equal(field, records[1][5]);
    }

    [Fact]
    public async Task An_empty_batch_is_the_header_alone()
    {
        Assert.Equal(string.Join(',', Header) + "\r\n", await SampleBatch.WriteAsync(ReportFormat.Csv, []));
    }
}
