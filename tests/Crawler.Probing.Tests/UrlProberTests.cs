using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Crawler.SyntheticWeb;

namespace Crawler.Probing.Tests;

/// <summary>The prober against real HTTP servers on loopback hosts 127.0.0.2 and 127.0.0.3.</summary>
public sealed class UrlProberTests : IAsyncLifetime
{
    private static readonly ProbeOptions Options = new() { Timeout = TimeSpan.FromSeconds(10), MaxRedirects = 5, HeadFirst = false };
    private SyntheticWebServer _web = null!;
    private UrlProber _prober = null!;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2) });
        _prober = new UrlProber(TestGuard.Loopback, new MapResolver(new() { ["site.test"] = IPAddress.Parse(_web.Hosts[0].Host) }));
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
    [InlineData(410, false)]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    public async Task Error_statuses_are_http_errors_and_only_429_and_5xx_are_transient(int status, bool transient)
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
        // The timeout's timer and the elapsed time's clock differ: the timer may fire a tick before 300 ms on the clock.
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(285), $"{result.Elapsed.TotalMilliseconds} ms");
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

    [Fact]
    public async Task By_default_a_url_is_asked_with_get_so_a_head_that_answers_unlike_get_cannot_hide_a_broken_link()
    {
        var result = await ProbeAsync(_web.Url(0, "/head-differs").ToString(), new ProbeOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.Equal((ProbeOutcome.HttpError, 404, "GET"), (result.Outcome, result.Status, result.Method));
        Assert.Equal(1, _web.Stats(0).RequestsTo("/head-differs"));
    }

    [Fact]
    public async Task Head_first_falls_back_to_get_when_head_is_not_allowed()
    {
        var result = await ProbeAsync(_web.Url(0, "/no-head").ToString(), Options with { HeadFirst = true });

        Assert.Equal((ProbeOutcome.Ok, "GET"), (result.Outcome, result.Method));
        Assert.Equal(2, _web.Stats(0).RequestsTo("/no-head"));
    }

    [Fact]
    public async Task Head_first_needs_one_request_when_head_works()
    {
        var result = await ProbeAsync(_web.Url(0, "/redirect/2").ToString(), Options with { HeadFirst = true });

        Assert.Equal((ProbeOutcome.Ok, "HEAD"), (result.Outcome, result.Method));
        Assert.Equal(1, _web.Stats(0).RequestsTo("/redirect/2"));
    }

    [Fact]
    public async Task A_throttling_answer_to_head_is_not_asked_again_with_get()
    {
        var result = await ProbeAsync(_web.Url(0, "/status/503").ToString(), Options with { HeadFirst = true });

        Assert.Equal(ProbeOutcome.HttpError, result.Outcome);
        Assert.Equal(1, _web.Stats(0).RequestsTo("/status/503"));
    }

    [Theory]
    [InlineData("200-299", 403, ProbeOutcome.HttpError)]
    [InlineData("200-299,403", 403, ProbeOutcome.Ok)]
    [InlineData("200,404-410", 404, ProbeOutcome.Ok)]
    public async Task Accepted_statuses_decide_what_is_ok(string accept, int status, ProbeOutcome outcome)
    {
        var result = await ProbeAsync(_web.Url(0, $"/status/{status}").ToString(), Options with { Accept = StatusRanges.Parse(accept) });
        Assert.Equal(outcome, result.Outcome);
    }

    [Fact]
    public async Task An_accepted_redirect_status_ends_the_chain_when_no_redirect_is_left()
    {
        var options = Options with { MaxRedirects = 0, Accept = StatusRanges.Parse("200-399") };
        var result = await ProbeAsync(_web.Url(0, "/redirect/1").ToString(), options);
        Assert.Equal((ProbeOutcome.Ok, 302), (result.Outcome, result.Status));
    }

    [Fact]
    public async Task Request_headers_are_sent()
    {
        var options = Options with { Headers = [new("X-Team", "links")] };
        var result = await ProbeAsync(_web.Url(0, "/require-header/X-Team/links").ToString(), options);
        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task Credentials_go_only_to_the_hosts_they_are_for()
    {
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("ann:secret"u8));
        HostPattern.TryParse(_web.Hosts[0].Host, out var first);
        var options = Options with { Credentials = [(first!, basic)] };

        var direct = await ProbeAsync(_web.Url(0, "/basic/ann/secret").ToString(), options);
        var redirected = await ProbeAsync(
            _web.Url(0, "/redirect-to?url=" + Uri.EscapeDataString(_web.Url(1, "/basic/ann/secret").ToString())).ToString(), options);
        var bearer = await ProbeAsync(_web.Url(1, "/bearer/t0k3n").ToString(),
            Options with { Credentials = [(HostPatternOf("*"), new AuthenticationHeaderValue("Bearer", "t0k3n"))] });

        Assert.Equal(ProbeOutcome.Ok, direct.Outcome);
        Assert.Equal((ProbeOutcome.HttpError, 401), (redirected.Outcome, redirected.Status!.Value));
        Assert.Equal(ProbeOutcome.Ok, bearer.Outcome);
    }

    [Fact]
    public async Task Retry_after_is_read_from_a_429()
    {
        var result = await ProbeAsync(_web.Url(0, "/throttle/r/1/7").ToString());

        Assert.Equal((ProbeOutcome.HttpError, 429), (result.Outcome, result.Status!.Value));
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.True(result.IsThrottling);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_a_tls_failure_unless_allowed()
    {
        await using var https = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 5), Https = true }, TestContext.Current.CancellationToken);
        var url = https.Url(0, "/ok").ToString();

        var strict = await ProbeAsync(url);
        var lenient = await ProbeAsync(url, Options with { AllowInvalidTls = true });

        Assert.StartsWith("https://", url, StringComparison.Ordinal);
        Assert.Equal(ProbeOutcome.Tls, strict.Outcome);
        Assert.Equal(ProbeOutcome.Ok, lenient.Outcome);
    }

    [Theory]
    [InlineData("/drip")]
    [InlineData("/gzip-bomb")]
    public async Task Hostile_bodies_are_never_read(string path)
    {
        var result = await ProbeAsync(_web.Url(0, path).ToString(), Options with { Timeout = TimeSpan.FromSeconds(20) });
        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
    }

    [Theory]
    [InlineData("/lying-length", ProbeOutcome.Ok)] // a check reads no body: what it promised does not matter
    [InlineData("/reset", ProbeOutcome.Connection)]
    public async Task Lying_lengths_and_resets_get_a_clear_outcome(string path, ProbeOutcome expected)
    {
        var result = await ProbeAsync(_web.Url(0, path).ToString());
        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Unicode_and_percent_encoded_paths_are_sent_encoded_once_and_are_one_url_however_spelt()
    {
        var spelt = _web.Url(0, "/any/").ToString() + "café/%7Euser/a%2Fb?q=ü";
        var encoded = _web.Url(0, "/any/").ToString() + "caf%C3%A9/~user/a%2Fb?q=%C3%BC";

        var result = await ProbeAsync(spelt);

        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(NormalizedUrl.From(new Uri(encoded)).ToString(), NormalizedUrl.From(new Uri(spelt)).ToString());
        Assert.Contains("caf%C3%A9", result.FinalUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_headers_are_a_protocol_failure()
    {
        var result = await ProbeAsync(_web.Url(0, "/huge-headers").ToString());
        Assert.Equal(ProbeOutcome.Protocol, result.Outcome);
        Assert.Contains("headers too large", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_speak_http_is_a_protocol_failure()
    {
        using var listener = new TcpListener(IPAddress.Parse(_web.Hosts[1].Host), 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("SSH-2.0-OpenSSH_9.2\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            await stream.FlushAsync(TestContext.Current.CancellationToken);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var result = await ProbeAsync($"http://{_web.Hosts[1].Host}:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        await serving;

        Assert.Equal(ProbeOutcome.Protocol, result.Outcome);
    }

    private static HostPattern HostPatternOf(string text) => HostPattern.TryParse(text, out var pattern) ? pattern! : throw new FormatException(text);

    /// <summary>Maps names to addresses, and every other name to "no such host", without asking any DNS server.</summary>
    private sealed class MapResolver(Dictionary<string, IPAddress> names) : IHostResolver
    {
        public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            IPAddress.TryParse(host, out var literal) ? new([literal])
            : names.TryGetValue(host, out var address) ? new([address])
            : throw new SocketException((int)SocketError.HostNotFound);
    }
}
