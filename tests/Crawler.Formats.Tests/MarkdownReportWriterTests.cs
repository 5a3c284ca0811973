using System.Globalization;
using Crawler.Contracts;

namespace Crawler.Formats.Tests;

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public async Task Starts_with_the_batch_id_and_state_and_ends_with_the_ok_count()
    {
        var lines = (await SampleBatch.WriteAsync(ReportFormat.Markdown)).TrimEnd('\n').Split('\n');

        Assert.Equal("# Crawler check `b-42`: completed", lines[0]);
        Assert.Equal("2 of 10 URLs were ok.", lines[^1]);
    }

    [Fact]
    public async Task Counts_the_results_by_outcome()
    {
        var tables = MarkdownTable.All(await SampleBatch.WriteAsync(ReportFormat.Markdown));

        Assert.Equal(2, tables.Count);
        var counts = tables[0];
        Assert.Equal(["outcome", "URLs"], counts[0]);
        Assert.Equal(
            [
                ["ok", "2"], ["http_error", "2"], ["invalid_url", "2"], ["timeout", "1"], ["connection", "1"],
                ["cancelled", "1"], [SampleBatch.UnknownOutcome, "1"], ["**total**", "10"],
            ],
            counts.Skip(1));
    }

    [Fact]
    public async Task Lists_every_failed_URL_by_index_with_pipes_and_line_breaks_escaped()
    {
        var tables = MarkdownTable.All(await SampleBatch.WriteAsync(ReportFormat.Markdown));

        var failures = tables[1];
        Assert.Equal(["index", "URL", "outcome", "status", "error"], failures[0]);
        var expected = SampleBatch.Results.Where(r => r.Outcome != "ok").OrderBy(r => r.Index).ToList();
        Assert.Equal(8, expected.Count);
        Assert.Equal(expected.Count, failures.Count - 1);
        foreach (var (result, row) in expected.Zip(failures.Skip(1)))
        {
            Assert.Equal(5, row.Length);
            Assert.Equal(
                [
                    result.Index.ToString(CultureInfo.InvariantCulture),
                    result.Url,
                    result.Outcome,
                    result.Status?.ToString(CultureInfo.InvariantCulture) ?? "",
                    (result.Error ?? "").Replace("\n", "<br>", StringComparison.Ordinal),
                ],
                row);
        }

        Assert.DoesNotContain(failures, row => row[1] == "https://example.com/" || row[1] == SampleBatch.CommaQuoteUrl);
    }

    [Fact]
    public async Task Writes_a_pipe_as_an_escaped_pipe_and_a_line_break_as_br()
    {
        var text = await SampleBatch.WriteAsync(ReportFormat.Markdown);

        Assert.Contains(
            "| 8 | https://pipes.example/a\\|b | connection |  | connection refused \\| retried<br>via proxy C:\\\\proxy |\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_so_when_the_results_do_not_cover_the_batch()
    {
        var results = SampleBatch.Results.Take(3).ToList();
        var writer = ReportWriters.For(ReportFormat.Markdown);
        await using var output = new AsyncOnlyStream();
        var running = SampleBatch.Status with { State = JobState.Running, FinishedAt = null };

        await writer.WriteAsync(running, SampleBatch.Arriving(results, TestContext.Current.CancellationToken), output, TestContext.Current.CancellationToken);

        var lines = output.Text.Split('\n');
        Assert.Equal("# Crawler check `b-42`: running", lines[0]);
        Assert.Contains("Results for 3 of the batch's 10 URLs.", lines);
        Assert.Contains("1 of 3 URLs were ok.", lines);
    }
}
