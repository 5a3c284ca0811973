using System.Net;
using System.Net.Sockets;
using Crawler.Probing;
using Crawler.SyntheticWeb;

namespace Crawler.Probing.Tests;

/// <summary>The prober against real HTTP servers on loopback hosts 127.0.0.2 and 127.0.0.3.</summary>
public sealed class UrlProberTests : IAsyncLifetime
{
    private static readonly ProbeOptions Options = new() { Timeout = TimeSpan.FromSeconds(10), MaxRedirects = 5 };
    private SyntheticWebServer _web = null!;
    private UrlProber _prober = null!;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2) });
        _prober = new UrlProber(new MapResolver(new() { ["site.test"] = IPAddress.Parse(_web.Hosts[0].Host) }));
    }

    public async ValueTask DisposeAsync()
    {
        _prober.Dispose();
        await _web.DisposeAsync();
    }

    private Task<ProbeResult> ProbeAsync(string url, ProbeOptions? options = null, CancellationToken? cancellation = null)
    {
        Assert.True(NormalizedUrl.TryParse(url, out var normalized, out var error), error);
        return _prober.ProbeAsync(normalized!, options ?? Options, cancellation ?? TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_200_is_ok()
    {
        var result = await ProbeAsync(_web.Url(0, "/ok").ToString());
        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(200, result.Status);
        Assert.Empty(result.Redirects);
        Assert.Equal(_web.Url(0, "/ok").ToString(), result.FinalUrl);
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(500, false)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    public async Task Error_statuses_are_http_errors_and_only_the_passing_ones_are_transient(int status, bool transient)
    {
        var result = await ProbeAsync(_web.Url(0, $"/status/{status}").ToString());
        Assert.Equal(ProbeOutcome.HttpError, result.Outcome);
        Assert.Equal(status, result.Status);
        Assert.Equal(transient, result.IsTransient);
        Assert.StartsWith($"HTTP {status}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_are_followed_and_the_chain_recorded()
    {
        var result = await ProbeAsync(_web.Url(0, "/redirect/3").ToString());
        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(_web.Url(0, "/redirect/0").ToString(), result.FinalUrl);
        Assert.Equal(
            [_web.Url(0, "/redirect/3").ToString(), _web.Url(0, "/redirect/2").ToString(), _web.Url(0, "/redirect/1").ToString()],
            result.Redirects.Select(r => r.Url));
        Assert.All(result.Redirects, r => Assert.Equal(302, r.Status));
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_followed()
    {
        var target = _web.Url(1, "/ok");
        var result = await ProbeAsync(_web.Url(0, $"/redirect-to?url={Uri.EscapeDataString(target.ToString())}").ToString());
        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(target.ToString(), result.FinalUrl);
        Assert.Equal(1, _web.Stats(1).RequestsTo("/ok"));
    }

    [Fact]
    public async Task A_chain_longer_than_the_limit_is_too_many_redirects()
    {
        var result = await ProbeAsync(_web.Url(0, "/redirect/8").ToString());
        Assert.Equal(ProbeOutcome.TooManyRedirects, result.Outcome);
        Assert.Equal(Options.MaxRedirects + 1, result.Redirects.Count);
        Assert.Contains("more than 5 redirects", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_loop_is_stopped_at_the_first_repeat()
    {
        var result = await ProbeAsync(_web.Url(0, "/loop").ToString());
        Assert.Equal(ProbeOutcome.TooManyRedirects, result.Outcome);
        Assert.Equal(2, result.Redirects.Count);
        Assert.Contains("loop", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_an_invalid_url()
    {
        var result = await ProbeAsync(_web.Url(0, "/redirect-to?url=ftp%3A%2F%2Fexample.com%2F").ToString());
        Assert.Equal(ProbeOutcome.InvalidUrl, result.Outcome);
        Assert.Contains("ftp", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        var result = await ProbeAsync(_web.Url(0, "/hang").ToString(), Options with { Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.Null(result.Status);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(300));
        Assert.True(result.IsTransient);
    }

    [Fact]
    public async Task An_endless_body_is_never_read()
    {
        // The status line is all a check needs; reading the body would never finish.
        var result = await ProbeAsync(_web.Url(0, "/endless").ToString(), Options with { Timeout = TimeSpan.FromSeconds(20) });
        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_error()
    {
        using var listener = new TcpListener(IPAddress.Parse(_web.Hosts[1].Host), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await ProbeAsync($"http://{_web.Hosts[1].Host}:{port}/");
        Assert.Equal(ProbeOutcome.Connection, result.Outcome);
        Assert.Equal("connection refused", result.Error);
    }

    [Fact]
    public async Task Names_go_through_the_resolver_and_unknown_names_are_dns_failures()
    {
        var found = await ProbeAsync($"http://site.test:{_web.Hosts[0].Port}/ok");
        Assert.Equal(ProbeOutcome.Ok, found.Outcome);

        var missing = await ProbeAsync($"http://nowhere.test:{_web.Hosts[0].Port}/ok");
        Assert.Equal(ProbeOutcome.Dns, missing.Outcome);
        Assert.False(missing.IsTransient);
    }

    [Fact]
    public async Task Cancelling_is_not_a_timeout()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var result = await ProbeAsync(_web.Url(0, "/hang").ToString(), cancellation: cancellation.Token);
        Assert.Equal(ProbeOutcome.Cancelled, result.Outcome);
    }

    /// <summary>Maps names to addresses, and every other name to "no such host", without asking any DNS server.</summary>
    private sealed class MapResolver(Dictionary<string, IPAddress> names) : IHostResolver
    {
        public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            IPAddress.TryParse(host, out var literal) ? new([literal])
            : names.TryGetValue(host, out var address) ? new([address])
            : throw new SocketException((int)SocketError.HostNotFound);
    }
}
