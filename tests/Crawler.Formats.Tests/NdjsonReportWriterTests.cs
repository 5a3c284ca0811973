using System.Text.Json;
using Crawler.Contracts;

namespace Crawler.Formats.Tests;

public sealed class NdjsonReportWriterTests
{
    [Fact]
    public async Task Writes_each_result_as_the_APIs_line_in_arrival_order()
    {
        var text = await SampleBatch.WriteAsync(ReportFormat.Ndjson);

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        Assert.Equal(SampleBatch.Results.Count, lines.Length);
        foreach (var (expected, line) in SampleBatch.Results.Zip(lines))
        {
            Assert.Equal(JsonSerializer.Serialize(expected, CrawlerJson.Default.UrlResult), line);
            ResultAssert.Same(expected, JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult));
            using var json = JsonDocument.Parse(line);
            Assert.Equal(expected.Url, json.RootElement.GetProperty("url").GetString());
            Assert.Equal(expected.Outcome, json.RootElement.GetProperty("outcome").GetString());
        }
    }

    [Fact]
    public async Task Keeps_line_breaks_inside_values_escaped()
    {
        var text = await SampleBatch.WriteAsync(ReportFormat.Ndjson);

        var line = Assert.Single(text.Split('\n'), l => l.Contains("pipes.example", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(SampleBatch.PipeError, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Writes_nothing_for_no_results()
    {
        Assert.Equal("", await SampleBatch.WriteAsync(ReportFormat.Ndjson, []));
    }
}
