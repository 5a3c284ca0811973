using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Formats;

namespace Crawler.Cli;

/// <summary>
/// A check batch, download or crawl from submission to its last result: results shown as they arrive, a report at
/// the end, Ctrl-C cancelling the job on the cluster, and an exit code that says whether anything failed.
/// </summary>
public sealed class BatchJob(CrawlerApiClient api, JobConsole console, OutputTarget output, ReportFormat? format)
{
    /// <summary>The job's address at the API (<c>/api/checks/{id}</c>), once submitted.</summary>
    public string? Location { get; private set; }

    /// <param name="path">The kind's endpoint: <c>/api/checks</c>, <c>/api/downloads</c> or <c>/api/crawls</c>.</param>
    public async Task<int> RunAsync(string path, BatchRequest request, CancellationToken cancellationToken)
    {
        var (location, accepted) = await SubmitAsync(path, request, cancellationToken);
        if (!await ReadUntilEndAsync(location, accepted, Show, cancellationToken))
        {
            return ExitCodes.Cancelled;
        }

        var status = await api.GetAsync(location, CrawlerJson.Default.BatchStatus, cancellationToken);
        if (format is { } report && report != ReportFormat.Ndjson)
        {
            // Written by the server once the batch has ended.
            await api.CopyAsync($"{location}/results?format={report.Name()}", await output.StreamAsync(), cancellationToken);
        }

        // After a text run the summary ends the output, as lychee's does; beside a report it is a note on standard error.
        var summary = await api.GetAsync($"{location}/summary", CrawlerJson.Default.ConcurrencySummary, cancellationToken);
        var notes = format is null ? output.Writer : console.Error;
        await notes.WriteLineAsync(Summaries.Counts(status));
        await notes.WriteLineAsync(Summaries.Concurrency(summary, "hosts"));
        if (Summaries.Waits(summary) is { Length: > 0 } waits)
        {
            await notes.WriteLineAsync(waits);
        }
        await output.CommitAsync();
        return status.Failed.Values.Sum() > 0 ? ExitCodes.Failures : ExitCodes.Ok;

        async ValueTask Show(string line)
        {
            if (format == ReportFormat.Ndjson)
            {
                await output.Writer.WriteLineAsync(line);
                console.Count();
            }
            else if (format is null)
            {
                console.Write(ResultLines.For(JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!));
            }
            else
            {
                console.Count();
            }
        }
    }

    /// <summary>
    /// Runs a check batch for another command's purpose (the URLs of documents): each result goes to
    /// <paramref name="onResult"/> as it arrives. Null when Ctrl-C cancelled it (on the cluster too).
    /// </summary>
    public async Task<(BatchStatus Status, ConcurrencySummary Summary)?> CollectAsync(BatchRequest request, Action<UrlResult> onResult, CancellationToken cancellationToken)
    {
        var (location, accepted) = await SubmitAsync("/api/checks", request, cancellationToken);
        var finished = await ReadUntilEndAsync(location, accepted, line =>
        {
            onResult(JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return finished
            ? (await api.GetAsync(location, CrawlerJson.Default.BatchStatus, cancellationToken),
               await api.GetAsync($"{location}/summary", CrawlerJson.Default.ConcurrencySummary, cancellationToken))
            : null;
    }

    private async Task<(string Location, BatchStatus Accepted)> SubmitAsync(string path, BatchRequest request, CancellationToken cancellationToken)
    {
        // A check batch without headers goes as text/plain, streamed, so a list of any length fits; the rest as JSON.
        var options = request.Options ?? BatchOptions.Default;
        var (location, accepted) = path == "/api/checks" && BatchOptionsQuery.Fits(options)
            ? await api.SubmitAsync(path + BatchOptionsQuery.For(options), new UrlLinesContent(request.Urls ?? []), CrawlerJson.Default.BatchStatus, cancellationToken)
            : await api.SubmitAsync(path, request, CrawlerJson.Default.BatchRequest, CrawlerJson.Default.BatchStatus, cancellationToken);
        Location = location;
        await console.Error.WriteLineAsync($"{path["/api/".Length..]} {accepted.Id}: {accepted.Total} URLs on {api.BaseAddress}");
        return (location, accepted);
    }

    /// <summary>Reads the job's results to the end under the progress bar; false when Ctrl-C cancelled it, on the cluster too.</summary>
    private async Task<bool> ReadUntilEndAsync(string location, BatchStatus accepted, Func<string, ValueTask> onLine, CancellationToken cancellationToken)
    {
        try
        {
            await console.RunAsync($"{accepted.Total} URLs", accepted.Total, () => ReadResultsAsync(location, onLine, cancellationToken));
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Long enough for a busy cluster to confirm: the job must not run on after the user stopped it.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var cancelled = await api.DeleteAsync(location, CrawlerJson.Default.BatchStatus, grace.Token);
            await console.Error.WriteLineAsync($"Cancelled {accepted.Id}{(cancelled is null ? "" : $" after {cancelled.Done} of {cancelled.Total} results")}.");
            return false;
        }
    }

    private async Task<bool> ReadResultsAsync(string location, Func<string, ValueTask> onLine, CancellationToken cancellationToken)
    {
        var lastTotal = DateTime.UtcNow;
        await foreach (var line in api.ReadLinesAsync($"{location}/results", FinishedAsync, cancellationToken))
        {
            await onLine(line);

            // A crawl grows as it finds pages: the bar's end moves with it, looked up at most once a second.
            if (console.ShowsProgress && DateTime.UtcNow - lastTotal > TimeSpan.FromSeconds(1))
            {
                lastTotal = DateTime.UtcNow;
                console.Total((await api.GetAsync(location, CrawlerJson.Default.BatchStatus, cancellationToken)).Total);
            }
        }

        return true;

        async Task<bool> FinishedAsync(CancellationToken token) => (await api.GetAsync(location, CrawlerJson.Default.BatchStatus, token)).IsFinished;
    }
}
