using System.Net;
using System.Net.Sockets;
using Crawler.Probing.Targets;
using Crawler.SyntheticWeb;

namespace Crawler.Probing.Tests;

/// <summary>
/// The address guard in the prober, against real servers on loopback. The guard allows 127.0.0.0/8 but for 127.0.0.66,
/// which stands for a private address (a metadata service, an internal API); one server listens on it and on 127.0.0.65
/// with the same port, so that a name can lead to either.
/// </summary>
public sealed class GuardedProbingTests : IAsyncLifetime
{
    private static readonly ProbeOptions Options = new() { Timeout = TimeSpan.FromSeconds(10), HeadFirst = false };
    private SyntheticWebServer _web = null!;
    private SyntheticWebServer _pair = null!;
    private AddressGuard _guard = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IPAddress Allowed => IPAddress.Parse(_pair.Hosts[0].Host);

    private IPAddress Blocked => IPAddress.Parse(_pair.Hosts[1].Host);

    private int Port => _pair.Hosts[0].Port;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2, skip: 60) });
        _pair = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2, skip: 63), Port = FreePort() });
        _guard = new AddressGuard(new AddressGuardOptions { AllowedNetworks = ["127.0.0.0/8"], BlockedNetworks = [$"{Blocked}/32"] });
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _pair.DisposeAsync();
    }

    [Fact]
    public async Task A_service_refuses_loopback_by_default_and_sends_nothing()
    {
        using var prober = new UrlProber(AddressGuard.PublicOnly);

        var result = await ProbeAsync(prober, _web.Url(0, "/ok"));

        Assert.Equal(ProbeOutcome.Blocked, result.Outcome);
        Assert.Contains("loopback", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _web.Stats(0).RequestsTo("/ok"));
    }

    [Fact]
    public async Task A_blocked_address_is_reported_with_its_reason_and_never_requested()
    {
        using var prober = new UrlProber(_guard);

        var result = await ProbeAsync(prober, _pair.Url(1, "/ok"));

        Assert.Equal(ProbeOutcome.Blocked, result.Outcome);
        Assert.Contains($"blocked network {Blocked}/32", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _pair.Stats(1).RequestsTo("/ok"));
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_host_to_a_blocked_one_stops_at_the_hop()
    {
        using var prober = new UrlProber(_guard);
        var target = _pair.Url(1, "/ok?secret");

        var result = await ProbeAsync(prober, _web.Url(0, $"/redirect-to?url={Uri.EscapeDataString(target.ToString())}"));

        Assert.Equal(ProbeOutcome.Blocked, result.Outcome);
        Assert.Equal(target.ToString(), result.FinalUrl);
        Assert.Equal(302, Assert.Single(result.Redirects).Status);
        Assert.Equal(0, _pair.Stats(1).RequestsTo("/ok"));
    }

    [Fact]
    public async Task A_name_that_resolves_elsewhere_for_the_next_connection_is_checked_again()
    {
        // DNS rebinding: the first lookup gives an allowed address, every later one the blocked address. A second prober
        // has no connection to reuse, so it looks the name up again.
        var resolver = new RebindingResolver(Allowed, Blocked);
        using var first = new UrlProber(_guard, resolver);
        using var later = new UrlProber(_guard, resolver);
        var url = new Uri($"http://rebind.test:{Port}/ok");

        var before = await ProbeAsync(first, url);
        var after = await ProbeAsync(later, url);

        Assert.Equal(ProbeOutcome.Ok, before.Outcome);
        Assert.Equal(ProbeOutcome.Blocked, after.Outcome);
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(1, _pair.Stats(0).RequestsTo("/ok"));
        Assert.Equal(0, _pair.Stats(1).RequestsTo("/ok"));
    }

    [Fact]
    public async Task Of_a_name_with_allowed_and_blocked_addresses_only_the_allowed_one_is_connected_to()
    {
        // The blocked address comes first, and a server answers there: the prober must still go to the other one.
        using var prober = new UrlProber(_guard, new FixedResolver(Blocked, Allowed));

        var result = await ProbeAsync(prober, new Uri($"http://two.test:{Port}/ok"));

        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(1, _pair.Stats(0).RequestsTo("/ok"));
        Assert.Equal(0, _pair.Stats(1).RequestsTo("/ok"));
    }

    [Fact]
    public async Task Headers_of_the_batch_go_to_its_origin_and_not_to_another_a_redirect_leads_to()
    {
        using var prober = new UrlProber(_guard);
        var options = Options with { Headers = [new("X-Secret", "s3cret"), new("Cookie", "session=1")] };
        Uri Via(int host, Uri to) => _web.Url(host, $"/redirect-to?url={Uri.EscapeDataString(to.ToString())}");

        var sameOrigin = await ProbeAsync(prober, Via(0, _web.Url(0, "/require-header/X-Secret/s3cret")), options);
        var otherOrigin = await ProbeAsync(prober, Via(0, _web.Url(1, "/require-header/X-Secret/s3cret")), options);
        var cookieElsewhere = await ProbeAsync(prober, Via(0, _web.Url(1, "/require-header/Cookie/session=1")), options);
        var direct = await ProbeAsync(prober, _web.Url(1, "/require-header/X-Secret/s3cret"), options);

        Assert.Equal((ProbeOutcome.Ok, 200), (sameOrigin.Outcome, sameOrigin.Status!.Value));
        Assert.Equal((ProbeOutcome.HttpError, 400), (otherOrigin.Outcome, otherOrigin.Status!.Value));
        Assert.Equal((ProbeOutcome.HttpError, 400), (cookieElsewhere.Outcome, cookieElsewhere.Status!.Value));
        Assert.Equal(ProbeOutcome.Ok, direct.Outcome);
    }

    private static Task<ProbeResult> ProbeAsync(UrlProber prober, Uri url, ProbeOptions? options = null)
    {
        Assert.True(NormalizedUrl.TryParse(url.ToString(), out var normalized, out var error), error);
        return prober.ProbeAsync(normalized!, options ?? Options, Cancel);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RebindingResolver(IPAddress first, IPAddress later) : IHostResolver
    {
        private int _lookups;

        public int Lookups => _lookups;

        public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            new([Interlocked.Increment(ref _lookups) == 1 ? first : later]);
    }

    private sealed class FixedResolver(params IPAddress[] addresses) : IHostResolver
    {
        public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => new(addresses);
    }
}
