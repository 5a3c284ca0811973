using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crawler.Api;

/// <summary>Reads a job's results through its grain, a page at a time, waiting for more while it runs.</summary>
internal static class ResultReader
{
    private const int PageSize = 1_000;
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The job's lines as NDJSON from <paramref name="from"/>, streamed as they are recorded until the job has no more, or
    /// until this API stops: then the stream ends cleanly where it is, and the client asks again with <c>?from=N</c> (of
    /// another instance, or of this one restarted).
    /// </summary>
    public static PushStreamHttpResult Ndjson(IResultStream job, long from, HttpContext context) => TypedResults.Stream(
        async body =>
        {
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var cancellationToken = ending.Token;
            try
            {
                // Lines go out as the store holds them: no parsing, no re-serialising.
                await using var writer = new StreamWriter(body, leaveOpen: true) { NewLine = "\n" };
                await foreach (var page in PagesAsync(job, from, cancellationToken))
                {
                    foreach (var line in page)
                    {
                        await writer.WriteLineAsync(line);
                    }

                    await writer.FlushAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client went away; the results stay in the store for the next reader.
            }
        },
        contentType: "application/x-ndjson");

    /// <summary>Each result as its JSON line, from position <paramref name="from"/> until the job has no more.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<string>> PagesAsync(
        IResultStream job, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = from;
        while (true)
        {
            var asked = Stopwatch.GetTimestamp();
            var page = await job.ReadResultsAsync(next, PageSize, LongPoll, cancellationToken);
            next += page.Lines.Count;
            yield return page.Lines;
            if (page.Finished)
            {
                yield break;
            }

            if (page.Lines.Count == 0 && Stopwatch.GetElapsedTime(asked) < TimeSpan.FromSeconds(1))
            {
                // Let go early with nothing new (the job's silo is stopping): ask again in a moment, not at once.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    public static async IAsyncEnumerable<UrlResult> ResultsAsync(
        IResultStream batch, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in PagesAsync(batch, from, cancellationToken))
        {
            foreach (var line in page)
            {
                yield return JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!;
            }
        }
    }

    /// <summary>The results recorded so far, without waiting for more.</summary>
    public static async Task<List<UrlResult>> SoFarAsync(IResultStream batch, CancellationToken cancellationToken)
    {
        var results = new List<UrlResult>();
        while (true)
        {
            var page = await batch.ReadResultsAsync(results.Count, PageSize, TimeSpan.Zero, cancellationToken);
            results.AddRange(page.Lines.Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!));
            if (page.Finished || page.Lines.Count == 0)
            {
                return results;
            }
        }
    }

    /// <summary>Waits until the job is completed or cancelled and every result is recorded.</summary>
    public static async Task WaitForEndAsync(IResultStream job, CancellationToken cancellationToken)
    {
        while (!(await job.ReadResultsAsync(long.MaxValue, 0, LongPoll, cancellationToken)).Finished)
        {
        }
    }
}
