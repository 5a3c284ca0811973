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
