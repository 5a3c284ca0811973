using System.Text.Json;
using Crawler.Contracts;

namespace Crawler.Formats.Tests;

public sealed class JsonReportWriterTests
{
    [Fact]
    public async Task Writes_one_document_with_the_batch_and_every_result()
    {
        var text = await SampleBatch.WriteAsync(ReportFormat.Json);

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal(["batch", "results"], root.EnumerateObject().Select(p => p.Name));

        var batch = root.GetProperty("batch");
        Assert.Equal("b-42", batch.GetProperty("id").GetString());
        Assert.Equal("completed", batch.GetProperty("state").GetString());
        Assert.Equal(10, batch.GetProperty("total").GetInt32());
        Assert.Equal(2, batch.GetProperty("ok").GetInt32());
        Assert.Equal(2, batch.GetProperty("failed").GetProperty("invalid_url").GetInt32());
        var status = batch.Deserialize(CrawlerJson.Default.BatchStatus);
        Assert.NotNull(status);
        Assert.Equal(SampleBatch.Status.FinishedAt, status.FinishedAt);

        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(SampleBatch.Results.Count, results.Count);
        foreach (var (expected, actual) in SampleBatch.Results.Zip(results))
        {
            ResultAssert.Same(expected, actual.Deserialize(CrawlerJson.Default.UrlResult));
        }
    }

    [Fact]
    public async Task Holds_the_tricky_values_exactly()
    {
        using var document = JsonDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Json));

        var urls = document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("url").GetString()).ToList();
        Assert.Contains(SampleBatch.CommaQuoteUrl, urls);
        Assert.Contains(SampleBatch.FormulaUrl, urls);
        Assert.Contains(SampleBatch.UnicodeUrl, urls);
        var errors = document.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => r.TryGetProperty("error", out var e) ? e.GetString() : null).ToList();
        Assert.Contains(SampleBatch.PipeError, errors);
        Assert.Contains(SampleBatch.ControlCharError, errors);
    }

    [Fact]
    public async Task An_empty_batch_has_an_empty_results_array()
    {
        using var document = JsonDocument.Parse(await SampleBatch.WriteAsync(ReportFormat.Json, []));

        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("results").ValueKind);
        Assert.Equal(0, document.RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(0, document.RootElement.GetProperty("batch").GetProperty("total").GetInt32());
    }
}
