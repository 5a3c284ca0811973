using System.Text;
using System.Text.Json;

namespace Crawler.Formats.Tests;

public sealed class SarifReportWriterTests
{
    private static readonly Dictionary<string, string> Levels = new()
    {
        ["http_error"] = "error",
        ["invalid_url"] = "error",
        ["connection"] = "error",
        [SampleBatch.UnknownOutcome] = "error",
        ["timeout"] = "warning",
        ["cancelled"] = "note",
    };

    [Fact]
    public async Task Has_the_required_SARIF_2_1_0_properties()
    {
        using var document = JsonDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Sarif));

        var root = document.RootElement;
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("crawler", driver.GetProperty("name").GetString());
        Assert.False(driver.TryGetProperty("informationUri", out _));
        Assert.Equal("b-42", run.GetProperty("properties").GetProperty("batchId").GetString());

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ruleIds.Distinct().Count(), ruleIds.Count);
        Assert.DoesNotContain("ok", ruleIds);
        Assert.Superset(Levels.Keys.ToHashSet(), ruleIds.ToHashSet());
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("shortDescription").GetProperty("text").GetString())));
        Assert.All(rules, r => Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" }));
    }

    [Fact]
    public async Task Reports_every_URL_that_did_not_pass_and_no_other()
    {
        using var document = JsonDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Sarif));

        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var failed = SampleBatch.Results.Where(r => r.Outcome != "ok").ToList();
        Assert.Equal(8, failed.Count);
        Assert.Equal(failed.Count, results.Count);

        foreach (var (expected, result) in failed.Zip(results))
        {
            Assert.Equal(expected.Outcome, result.GetProperty("ruleId").GetString());
            Assert.Equal(expected.Outcome, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.Equal(Levels[expected.Outcome], result.GetProperty("level").GetString());
            var message = result.GetProperty("message").GetProperty("text").GetString();
            Assert.Contains(expected.Url, message, StringComparison.Ordinal);
            Assert.Contains(expected.Error!, message, StringComparison.Ordinal);
            if (expected.Status is { } status)
            {
                Assert.Contains($"HTTP status {status}", message, StringComparison.Ordinal);
            }

            var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
            var uri = location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.True(Ascii.IsValid(uri), uri);
            Assert.True(Uri.IsWellFormedUriString(uri, UriKind.RelativeOrAbsolute), uri);
            Assert.Equal(expected.Url, result.GetProperty("properties").GetProperty("url").GetString());
            Assert.Equal(expected.Index, result.GetProperty("properties").GetProperty("index").GetInt32());
        }
    }

    [Theory]
    [InlineData("https://example.com/old", "https://example.com/old")]
    [InlineData("ftp://example.com/file", "ftp://example.com/file")]
    [InlineData(SampleBatch.UnicodeUrl, "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC")]
    [InlineData(SampleBatch.FormulaUrl, "%3DHYPERLINK%28%22http%3A%2F%2Fevil.example%22%2C%22click%22%29")]
    public async Task Locates_a_result_at_its_URL_as_an_ASCII_URI_reference(string url, string uri)
    {
        using var document = JsonDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Sarif));

        var result = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("properties").GetProperty("url").GetString() == url);
        Assert.Equal(uri, result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Names_the_information_URI_when_given_one()
    {
        var writer = new SarifReportWriter(new Uri("https://docs.example/crawler"));

        using var document = JsonDocument.Parse(await SampleBatch.WriteAsync(writer, []));

        var run = document.RootElement.GetProperty("runs")[0];
        Assert.Equal("https://docs.example/crawler", run.GetProperty("tool").GetProperty("driver").GetProperty("informationUri").GetString());
        Assert.Equal(0, run.GetProperty("results").GetArrayLength());
    }
}
