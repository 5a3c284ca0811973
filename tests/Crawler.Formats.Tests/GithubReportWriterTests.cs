namespace Crawler.Formats.Tests;

public sealed class GithubReportWriterTests
{
    [Fact]
    public async Task Each_url_that_did_not_pass_is_an_annotation_escaped_as_the_runner_reads_it()
    {
        var lines = (await SampleBatch.WriteAsync(ReportFormat.Github)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var notOk = SampleBatch.Results.Where(r => r.Outcome != "ok").ToList();
        Assert.Equal(notOk.Count + 1, lines.Length);
        foreach (var result in notOk)
        {
            var level = result.Outcome switch { "timeout" => "warning", "cancelled" or "excluded" or "blocked" => "notice", _ => "error" };
            Assert.Contains(lines, l => l.StartsWith($"::{level} title={result.Outcome}%3A ", StringComparison.Ordinal) && l.Contains(result.Url.Replace("%", "%25", StringComparison.Ordinal), StringComparison.Ordinal));
        }

        Assert.All(lines, l => Assert.DoesNotContain('\r', l));
        Assert.StartsWith("::notice title=crawler b-42::", lines[^1], StringComparison.Ordinal);
    }
}
