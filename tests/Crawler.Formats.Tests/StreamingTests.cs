using System.Runtime.CompilerServices;
using Crawler.Contracts.Batches;

namespace Crawler.Formats.Tests;

/// <summary>Formats that stream hand each result to the output while the next one is still being checked.</summary>
public sealed class StreamingTests
{
    /// <summary>Every format but Markdown, which sorts its failures and so writes once the results end.</summary>
    public static TheoryData<ReportFormat> StreamedFormats { get; } =
        [ReportFormat.Json, ReportFormat.Ndjson, ReportFormat.Csv, ReportFormat.Junit, ReportFormat.Sarif];

    private static readonly UrlResult First =
        SampleBatch.Result(3, "https://first.example/x", "http_error", status: 404, error: "HTTP 404 Not Found");

    private static readonly UrlResult Second =
        SampleBatch.Result(1, "https://second.example/y", "timeout", error: "no answer within 2 s");

    [Theory]
    [MemberData(nameof(StreamedFormats))]
    public async Task A_result_reaches_the_stream_before_the_results_end(ReportFormat format)
    {
        var output = new AsyncOnlyStream();
        string? whileWaiting = null;

        async IAsyncEnumerable<UrlResult> Slowly([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return First;
            // The writer now waits for the next result; the first must be readable meanwhile.
            await output.WaitForAsync(First.Url, TimeSpan.FromSeconds(10));
            whileWaiting = output.Text;
            await Task.Delay(50, cancellationToken);
            yield return Second;
        }

        var status = SampleBatch.StatusOf([First, Second]);
        await ReportWriters.For(format).WriteAsync(status, Slowly(TestContext.Current.CancellationToken), output, TestContext.Current.CancellationToken);

        Assert.NotNull(whileWaiting);
        Assert.Contains(First.Url, whileWaiting, StringComparison.Ordinal);
        Assert.DoesNotContain(Second.Url, whileWaiting, StringComparison.Ordinal);
        Assert.StartsWith(whileWaiting, output.Text, StringComparison.Ordinal);
        Assert.Contains(Second.Url, output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_document_is_open_while_results_are_pending()
    {
        var output = new AsyncOnlyStream();
        string? beforeFirst = null;

        async IAsyncEnumerable<UrlResult> Late([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await output.WaitForAsync("\"results\":[", TimeSpan.FromSeconds(10));
            beforeFirst = output.Text;
            await Task.Delay(10, cancellationToken);
            yield return First;
        }

        await ReportWriters.For(ReportFormat.Json)
            .WriteAsync(SampleBatch.StatusOf([First]), Late(TestContext.Current.CancellationToken), output, TestContext.Current.CancellationToken);

        Assert.NotNull(beforeFirst);
        Assert.StartsWith("{\"batch\":{\"id\":\"b-42\"", beforeFirst, StringComparison.Ordinal);
        Assert.EndsWith("\"results\":[", beforeFirst, StringComparison.Ordinal);
        Assert.EndsWith("]}", output.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StreamedFormats))]
    public async Task A_long_run_of_ready_results_is_written_in_pieces_not_held_whole(ReportFormat format)
    {
        const int count = 2_000;
        var output = new AsyncOnlyStream();
        var writtenBeforeTheLast = -1;

        async IAsyncEnumerable<UrlResult> AllReady([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i == count - 1)
                {
                    writtenBeforeTheLast = output.Bytes.Length;
                }

                yield return SampleBatch.Result(i, $"https://many.example/{i}", "http_error", status: 500, error: "HTTP 500 Internal Server Error");
            }

            await Task.CompletedTask;
        }

        var status = SampleBatch.StatusOf([.. Enumerable.Range(0, count).Select(i => SampleBatch.Result(i, "x", "http_error"))]);
        await ReportWriters.For(format).WriteAsync(status, AllReady(TestContext.Current.CancellationToken), output, TestContext.Current.CancellationToken);

        Assert.InRange(writtenBeforeTheLast, 16 * 1024, output.Bytes.Length - 1);
        Assert.Contains($"https://many.example/{count - 1}", output.Text, StringComparison.Ordinal);
        if (format == ReportFormat.Json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(output.Bytes);
            Assert.Equal(count, document.RootElement.GetProperty("results").GetArrayLength());
        }
    }
}
