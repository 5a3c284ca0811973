using System.Diagnostics;
using System.Diagnostics.Metrics;
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
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(5);

    // A read still unanswered this long after its long poll ended went to a silo that died under it: the gateway that
    // forwarded it drops it, and the API, a client, would hear nothing until the 30 s response timeout. It is given up
    // and asked again, and reaches the job where it runs now; reading again from the same position changes nothing.
    private static readonly TimeSpan AnswerSlack = TimeSpan.FromSeconds(4);

    private static readonly Meter Meter = new("Crawler.Api");
    private static readonly Counter<long> ReadsAskedAgain = Meter.CreateCounter<long>(
        "crawler.api.reads_asked_again", "{read}", "Result reads given up for want of an answer and asked again (their job's silo was lost)");

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
            var page = await ReadAsync(job, next, PageSize, LongPoll, cancellationToken);
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

    /// <summary>
    /// What <paramref name="keep"/> takes of each result recorded so far (null: nothing), without waiting for more. Results
    /// are read a page at a time and let go, so only what is kept stays in memory — a crawl's results carry their pages'
    /// links, and a batch may hold a million.
    /// </summary>
    public static async Task<List<T>> SoFarAsync<T>(IResultStream batch, Func<UrlResult, T?> keep, CancellationToken cancellationToken)
        where T : struct
    {
        var kept = new List<T>();
        for (long read = 0; ;)
        {
            var page = await ReadAsync(batch, read, PageSize, TimeSpan.Zero, cancellationToken);
            read += page.Lines.Count;
            foreach (var line in page.Lines)
            {
                if (keep(JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!) is { } item)
                {
                    kept.Add(item);
                }
            }

            if (page.Finished || page.Lines.Count == 0)
            {
                return kept;
            }
        }
    }

    /// <summary>Waits until the job is completed or cancelled and every result is recorded.</summary>
    public static async Task WaitForEndAsync(IResultStream job, CancellationToken cancellationToken)
    {
        while (!(await ReadAsync(job, long.MaxValue, 0, LongPoll, cancellationToken)).Finished)
        {
        }
    }

    private static async Task<ResultPage> ReadAsync(IResultStream job, long from, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(wait + AnswerSlack);
            try
            {
                return await job.ReadResultsAsync(from, max, wait, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                ReadsAskedAgain.Add(1);
            }
        }
    }
}
