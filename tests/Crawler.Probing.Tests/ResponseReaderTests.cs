using System.Text;
using Crawler.SyntheticWeb;

namespace Crawler.Probing.Tests;

/// <summary>Fetches: the prober hands good answers' bodies to a reader, and only those.</summary>
public sealed class ResponseReaderTests : IAsyncLifetime
{
    private SyntheticWebServer _web = null!;
    private readonly UrlProber _prober = new(TestGuard.Loopback);

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 20) });

    public async ValueTask DisposeAsync()
    {
        _prober.Dispose();
        await _web.DisposeAsync();
    }

    private Task<ProbeResult> FetchAsync(string path, TextReader reader) =>
        _prober.ProbeAsync(NormalizedUrl.From(_web.Url(0, path)), new ProbeOptions { Reader = reader, HeadFirst = true, Timeout = TimeSpan.FromSeconds(5) }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_good_answer_is_read_with_a_get_even_when_head_first_is_set()
    {
        var reader = new TextReader(1024);

        var result = await FetchAsync("/redirect/1", reader);

        Assert.Equal((ProbeOutcome.Ok, "arrived"), (result.Outcome, ((Text)result.Content!).Body));
        Assert.Equal("GET", result.Method);
        Assert.Equal(2, reader.Prepared); // the redirect and its target, each a GET
        Assert.Equal(2, _web.Stats(0).Requests); // no HEAD before them
    }

    [Theory]
    [InlineData(1, "bytes/s")] // a byte every 100 ms: 10 bytes/s, under the least rate once the grace is over
    [InlineData(60, "no byte")] // a byte every 100 ms, but a grace longer than the test: the idle limit is what ends it
    public async Task A_body_that_drips_ends_the_attempt_long_before_its_timeout(int graceSeconds, string reason)
    {
        var pace = new BodyPace { Grace = TimeSpan.FromSeconds(graceSeconds), Idle = TimeSpan.FromSeconds(1), MinBytesPerSecond = 1024 };
        var options = new ProbeOptions { Reader = new TextReader(1 << 20), Timeout = TimeSpan.FromSeconds(60), BodyPace = pace };

        var result = await _prober.ProbeAsync(NormalizedUrl.From(_web.Url(0, graceSeconds == 1 ? "/drip" : "/hang-body")), options, TestContext.Current.CancellationToken);

        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}"); // not the attempt's 60 s
    }

    [Fact]
    public async Task A_failure_is_not_read()
    {
        var result = await FetchAsync("/status/404", new TextReader(1024));

        Assert.Equal(ProbeOutcome.HttpError, result.Outcome);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task A_reader_bounds_an_endless_body()
    {
        var result = await FetchAsync("/endless", new TextReader(100_000));

        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(100_000, ((Text)result.Content!).Body.Length);
    }

    private sealed record Text(string Body) : FetchedContent;

    /// <summary>Reads at most <paramref name="max"/> bytes of the body as text.</summary>
    private sealed class TextReader(int max) : IResponseReader
    {
        public int Prepared { get; private set; }

        public void Prepare(HttpRequestMessage request, NormalizedUrl url) => Prepared++;

        public async Task<FetchedContent?> ReadAsync(HttpResponseMessage response, NormalizedUrl url, CancellationToken cancellationToken)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[max];
            var read = 0;
            while (read < max && await body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }

            return new Text(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }
}
