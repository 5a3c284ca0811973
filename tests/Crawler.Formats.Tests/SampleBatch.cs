using System.Runtime.CompilerServices;
using System.Text;
using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats.Tests;

/// <summary>
/// A finished batch of ten URLs holding what makes each format hard: redirects, every kind of outcome (and one
/// no writer knows), a URL with a comma and quotes, a formula, a unicode URL, an error with a line break, a pipe,
/// a backslash and a control character. The results arrive out of index order, as they do from the API.
/// </summary>
internal static class SampleBatch
{
    public static readonly DateTimeOffset Created = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public const string CommaQuoteUrl = "https://example.com/search?q=a,b&title=\"quoted\"";
    public const string FormulaUrl = "=HYPERLINK(\"http://evil.example\",\"click\")";
    public const string UnicodeUrl = "https://bücher.example/straße?q=ü";
    public const string PipeUrl = "https://pipes.example/a|b";
    public const string PipeError = "connection refused | retried\nvia proxy C:\\proxy";
    public const string UnknownOutcome = "quarantined";
    public const string ControlCharError = "flagged \u0001 by policy";

    public static IReadOnlyList<UrlResult> Results { get; } =
    [
        Result(4, "https://example.org/later", "cancelled", error: "cancelled", attempts: 0, elapsedMs: 0),
        Result(0, "https://example.com/", "ok", status: 200, elapsedMs: 41.3),
        Result(8, PipeUrl, "connection", error: PipeError, attempts: 2, elapsedMs: 1500),
        Result(2, "https://slow.example/hang", "timeout", error: "no answer within 2 s", attempts: 2, elapsedMs: 4000.25),
        Result(6, FormulaUrl, "invalid_url", error: "not an absolute URL", attempts: 0, elapsedMs: 0),
        Result(1, "https://example.com/old", "http_error", status: 404, error: "HTTP 404 Not Found", elapsedMs: 120.5) with
        {
            FinalUrl = "https://example.com/missing",
            Redirects = [new RedirectHop("https://example.com/old", 301), new RedirectHop("https://example.com/older", 302)],
        },
        Result(9, "https://flagged.example/", UnknownOutcome, error: ControlCharError, elapsedMs: 2),
        Result(3, "ftp://example.com/file", "invalid_url", error: "unsupported scheme 'ftp'", attempts: 0, elapsedMs: 0),
        Result(7, UnicodeUrl, "http_error", status: 410, error: "HTTP 410 Gone", elapsedMs: 77),
        Result(5, CommaQuoteUrl, "ok", status: 200, elapsedMs: 12),
    ];

    public static BatchStatus Status { get; } = StatusOf(Results);

    public static UrlResult ByIndex(int index) => Results.Single(r => r.Index == index);

    public static UrlResult Result(
        int index, string url, string outcome, int? status = null, string? error = null, int attempts = 1, double elapsedMs = 10) =>
        new()
        {
            Index = index,
            Url = url,
            Outcome = outcome,
            Status = status,
            Error = error,
            FinalUrl = status is null ? null : url,
            Attempts = attempts,
            ElapsedMs = elapsedMs,
            Silo = attempts == 0 ? null : "Silo_7e368",
            QueuedAt = Created.AddSeconds(1),
            StartedAt = attempts == 0 ? null : Created.AddSeconds(2).AddMilliseconds(index),
            FinishedAt = Created.AddSeconds(3).AddMilliseconds(index),
        };

    /// <summary>The status of a finished batch holding exactly <paramref name="results"/>.</summary>
    public static BatchStatus StatusOf(IReadOnlyList<UrlResult> results) => new()
    {
        Id = "b-42",
        Kind = BatchKind.Check,
        State = JobState.Completed,
        Total = results.Count,
        Done = results.Count,
        Ok = results.Count(r => r.Outcome == "ok"),
        Failed = results.Where(r => r.Outcome != "ok").CountBy(r => r.Outcome).ToDictionary(),
        CreatedAt = Created,
        StartedAt = Created.AddSeconds(1),
        FinishedAt = Created.AddSeconds(13.5),
        Options = BatchOptions.Default,
    };

    /// <summary>The results as the API hands them over: asynchronously, some ready at once, some after a wait.</summary>
    public static async IAsyncEnumerable<UrlResult> Arriving(
        IEnumerable<UrlResult> results, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waitBeforeThis = false;
        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (waitBeforeThis)
            {
                await Task.Yield();
            }

            waitBeforeThis = !waitBeforeThis;
            yield return result;
        }
    }

    /// <summary>Writes the sample (or <paramref name="results"/>) with <paramref name="writer"/> and returns the text, checking it is UTF-8 without a byte-order mark, written with asynchronous I/O only.</summary>
    public static async Task<string> WriteAsync(IReportWriter writer, IReadOnlyList<UrlResult>? results = null)
    {
        results ??= Results;
        await using var output = new AsyncOnlyStream();
        await writer.WriteAsync(StatusOf(results), Arriving(results), output, TestContext.Current.CancellationToken);
        var bytes = output.Bytes;
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    public static Task<string> WriteAsync(ReportFormat format, IReadOnlyList<UrlResult>? results = null) =>
        WriteAsync(ReportWriters.For(format), results);
}
