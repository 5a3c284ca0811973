using System.Globalization;
using System.Xml.Linq;

namespace Crawler.Formats.Tests;

public sealed class JUnitReportWriterTests
{
    /// <summary>What each URL of the sample must become: no child (passed), failure, error or skipped.</summary>
    private static readonly Dictionary<int, string?> Expected = new()
    {
        [0] = null, // ok
        [1] = "failure", // http_error
        [2] = "error", // timeout
        [3] = "failure", // invalid_url
        [4] = "skipped", // cancelled
        [5] = null, // ok
        [6] = "failure", // invalid_url
        [7] = "failure", // http_error
        [8] = "error", // connection
        [9] = "failure", // an outcome the writer does not know
    };

    [Fact]
    public async Task Writes_one_suite_whose_totals_match_its_test_cases()
    {
        var document = XDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Junit));

        Assert.Equal("testsuites", document.Root!.Name.LocalName);
        var suite = Assert.Single(document.Root.Elements("testsuite"));
        Assert.Equal("crawler check b-42", (string?)suite.Attribute("name"));
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(10, cases.Count);

        foreach (var element in new[] { suite, document.Root })
        {
            Assert.Equal(10, (int?)element.Attribute("tests"));
            Assert.Equal(5, (int?)element.Attribute("failures"));
            Assert.Equal(2, (int?)element.Attribute("errors"));
            Assert.Equal(1, (int?)element.Attribute("skipped"));
            Assert.Equal(12.5, (double?)element.Attribute("time"));
        }

        Assert.Equal(cases.Count, (int?)suite.Attribute("tests"));
        Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int?)suite.Attribute("failures"));
        Assert.Equal(cases.Count(c => c.Element("error") is not null), (int?)suite.Attribute("errors"));
        Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int?)suite.Attribute("skipped"));
    }

    [Fact]
    public async Task Maps_each_outcome_to_passing_failure_error_or_skipped()
    {
        var document = XDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Junit));

        var cases = document.Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        Assert.Equal(SampleBatch.Results.Select(r => r.Url).Order(), cases.Keys.Order());
        foreach (var (index, kind) in Expected)
        {
            var result = SampleBatch.ByIndex(index);
            var testCase = cases[result.Url];
            Assert.Equal((result.ElapsedMs / 1000).ToString("0.###", CultureInfo.InvariantCulture), (string?)testCase.Attribute("time"));
            if (kind is null)
            {
                Assert.Empty(testCase.Elements());
                continue;
            }

            var child = Assert.Single(testCase.Elements());
            Assert.Equal(kind, child.Name.LocalName);
            Assert.Equal(result.Outcome, (string?)child.Attribute("type"));
            Assert.Equal(result.Error!.Replace('\u0001', '\uFFFD'), (string?)child.Attribute("message"));
            if (kind != "skipped")
            {
                Assert.Contains($"url: {result.Url}", child.Value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Names_the_class_after_the_host_and_keeps_text_intact()
    {
        var document = XDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Junit));

        var cases = document.Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        Assert.Equal("example.com", (string?)cases["https://example.com/old"].Attribute("classname"));
        Assert.Equal("example.com", (string?)cases["ftp://example.com/file"].Attribute("classname"));
        Assert.Equal("bücher.example", (string?)cases[SampleBatch.UnicodeUrl].Attribute("classname"));
        Assert.Equal("(no host)", (string?)cases[SampleBatch.FormulaUrl].Attribute("classname"));
        Assert.True(cases.ContainsKey(SampleBatch.CommaQuoteUrl));

        var connection = cases[SampleBatch.PipeUrl].Element("error")!;
        Assert.Equal(SampleBatch.PipeError, (string?)connection.Attribute("message"));
        var redirected = cases["https://example.com/old"].Element("failure")!.Value;
        Assert.Contains("status: 404", redirected, StringComparison.Ordinal);
        Assert.Contains("redirect: https://example.com/old (301)", redirected, StringComparison.Ordinal);
        Assert.Contains("redirect: https://example.com/older (302)", redirected, StringComparison.Ordinal);
        Assert.Contains("final url: https://example.com/missing", redirected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_batch_is_a_valid_suite_of_no_tests()
    {
        var document = XDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Junit, []));

        var suite = Assert.Single(document.Root!.Elements("testsuite"));
        Assert.Equal(0, (int?)suite.Attribute("tests"));
        Assert.Empty(suite.Elements("testcase"));
    }
}
