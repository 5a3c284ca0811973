using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>
/// <see cref="ReportFormat.Github"/> for a batch: one workflow command a URL that did not pass (the URL has no file to point
/// at, so the annotation goes on the run), then a notice with the counts. Streamed.
/// </summary>
public sealed class GithubReportWriter : IReportWriter
{
    public async Task WriteAsync(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output, CancellationToken cancellationToken)
    {
        ReportArguments.ThrowIfNull(batch, results, output);
        await using var text = ReportOutput.Text(output);
        text.NewLine = "\n";
        await foreach (var result in results.FlushingWhileWaiting(_ => text.FlushAsync(cancellationToken), cancellationToken))
        {
            if (!Outcomes.IsOk(result.Outcome))
            {
                await text.WriteLineAsync(GithubAnnotations.Command(GithubAnnotations.Level(result.Outcome), LinkMessages.Of(result), $"{result.Outcome}: {result.Url}"));
            }
        }

        await text.WriteLineAsync(GithubAnnotations.Command("notice", $"{batch.Total} URLs: {batch.Ok} ok, {batch.Failed.Values.Sum()} not ok", $"crawler {batch.Id}"));
    }
}
