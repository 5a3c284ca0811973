using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Grains.Tests.Batches;

/// <summary>
/// Hostile and broken servers, as a check, a download and a crawl meet them: each gets a clear outcome in every kind (a
/// check reads no body, a download and a crawl do, within their limits and at a least pace), and the cluster carries on.
/// </summary>
public sealed class HostileKindsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(4, skip: 220) });

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    /// <summary>Each hostile route with its outcome as a check, a download and a crawl (of the URL as a seed) get it.</summary>
    private static readonly (string Path, string Check, string Download, string Crawl)[] Cases =
    [
        ("/drip", "ok", "timeout", "ok"), // a byte every 100 ms: a download gives up at the least pace; a crawl reads no non-HTML body
        ("/hang-body", "ok", "timeout", "ok"), // a start, then nothing: the idle limit
        ("/endless", "ok", "rejected", "ok"), // over the download's size limit
        ("/gzip-bomb", "ok", "ok", "ok"), // never inflated: kept, or parsed, as the few megabytes it is
        ("/huge-headers", "protocol", "protocol", "protocol"),
        ("/lying-length", "ok", "connection", "connection"), // promises a megabyte, sends a line, hangs up
        ("/reset", "connection", "connection", "connection"),
        ("/loop", "too_many_redirects", "too_many_redirects", "too_many_redirects"),
        ("/redirect/30", "too_many_redirects", "too_many_redirects", "too_many_redirects"),
        ("/redirect-to?url=ftp://example.com/", "invalid_url", "invalid_url", "invalid_url"),
        ("/hang", "timeout", "timeout", "timeout"),
        ("/html-image.png", "ok", "ok", "ok"), // HTML that says it is a PNG: kept as what its bytes are
    ];

    [Theory]
    [InlineData(BatchKind.Check)]
    [InlineData(BatchKind.Download)]
    [InlineData(BatchKind.Crawl)]
    public async Task Every_hostile_server_gets_a_clear_outcome_and_the_cluster_carries_on(BatchKind kind)
    {
        var urls = Cases.Select((c, i) => _web.Url(i % 4, c.Path).ToString()).ToList();
        var options = new BatchOptions
        {
            TimeoutMs = 8_000,
            Retries = 0,
            Crawl = kind == BatchKind.Crawl ? new CrawlSettings { MaxDepth = 0, Robots = false, Scope = CrawlScopeKind.Hosts, Hosts = ["*"] } : null,
        };

        var results = await TestBatches.RunAsync(fixture.Grains, urls, options, TimeSpan.FromSeconds(120), kind);

        Assert.Equal(Cases.Length, results.Count);
        foreach (var result in results)
        {
            var expected = kind switch { BatchKind.Check => Cases[result.Index].Check, BatchKind.Download => Cases[result.Index].Download, _ => Cases[result.Index].Crawl };
            Assert.True(expected == result.Outcome, $"{kind} {result.Url}: expected {expected}, got {result.Outcome} ({result.Error})");
            Assert.True(result.Outcome == "ok" || !string.IsNullOrEmpty(result.Error), $"{result.Url}: no reason given");
            Assert.True(result.ElapsedMs < 20_000, $"{result.Url} held its slot for {result.ElapsedMs} ms");
        }

        if (kind == BatchKind.Download)
        {
            var htmlImage = results.Single(r => r.Url.EndsWith("/html-image.png", StringComparison.Ordinal));
            Assert.Equal((null, "image/png"), (htmlImage.Download!.Type, htmlImage.Download.DeclaredType)); // told from its bytes
        }

        var after = await TestBatches.RunAsync(fixture.Grains, [_web.Url(0, $"/ok?after-{kind}").ToString()], kind: kind == BatchKind.Crawl ? BatchKind.Check : kind);
        Assert.Equal("ok", after.Single().Outcome);
    }
}
