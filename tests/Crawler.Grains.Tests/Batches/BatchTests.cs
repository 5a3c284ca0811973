using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Tenants;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Grains.Tests.Batches;

/// <summary>
/// Batches on a three-silo cluster against eight loopback hosts. xunit makes a new instance per test, so each
/// test has a fresh web (and fresh request counts); the cluster, and so the host grains, are shared.
/// </summary>
public sealed class BatchTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(10, skip: 10) });

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    private string Url(int host, string path) => _web.Url(host, path).ToString();

    /// <summary>What a host was asked and when (ms from the first request), for failure messages.</summary>
    private static string Timeline(IReadOnlyList<(string Path, long Timestamp)> starts) =>
        string.Join(", ", starts.Select(s => $"{s.Path} +{TimeProvider.System.GetElapsedTime(starts[0].Timestamp, s.Timestamp).TotalMilliseconds:F0}"));

    [Fact]
    public async Task Every_url_gets_exactly_one_result_with_the_right_outcome()
    {
        var expected = new List<(string Url, string Outcome, int? Status)>();
        for (var host = 0; host < 8; host++)
        {
            expected.Add((Url(host, "/ok"), "ok", 200));
            expected.Add((Url(host, "/status/404"), "http_error", 404));
            expected.Add((Url(host, "/status/500"), "http_error", 500));
            expected.Add((Url(host, "/redirect/2"), "ok", 200));
            expected.Add((Url(host, "/loop"), "too_many_redirects", 302));
            expected.Add((Url(host, "/hang"), "timeout", null));
        }

        expected.Add(("ftp://example.com/", "invalid_url", null));
        expected.Add(("not a url", "invalid_url", null));
        var options = new BatchOptions { TimeoutMs = 1_000, Retries = 0 };

        var batch = await TestBatches.StartAsync(fixture.Grains, [.. expected.Select(e => e.Url)], options);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(60));

        Assert.Equal(expected.Count, results.Count);
        Assert.Equal(Enumerable.Range(0, expected.Count), results.Select(r => r.Index).Order());
        foreach (var result in results)
        {
            var (url, outcome, status) = expected[result.Index];
            Assert.Equal(url, result.Url);
            Assert.True(outcome == result.Outcome, $"{url}: expected {outcome}, got {result.Outcome} ({result.Error})");
            Assert.Equal(status, result.Status);
        }

        var redirected = results.First(r => r.Url == Url(0, "/redirect/2"));
        Assert.Equal([Url(0, "/redirect/2"), Url(0, "/redirect/1")], redirected.Redirects.Select(h => h.Url));
        Assert.Equal(Url(0, "/redirect/0"), redirected.FinalUrl);

        var final = await batch.GetStatusAsync();
        Assert.NotNull(final);
        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(expected.Count, final.Done);
        Assert.Equal(16, final.Ok);
        Assert.Equal(16, final.Failed["http_error"]);
        Assert.Equal(8, final.Failed["timeout"]);
        Assert.Equal(8, final.Failed["too_many_redirects"]);
        Assert.Equal(2, final.Failed["invalid_url"]);
        Assert.NotNull(final.FinishedAt);
    }

    [Fact]
    public async Task Hosts_are_spread_over_every_silo()
    {
        // Hosts no other test uses, so that all eight are placed now, by this batch.
        await using var web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(8, skip: 30) }, TestContext.Current.CancellationToken);
        var results = await TestBatches.RunAsync(fixture.Grains, [.. web.Hosts.Select(h => new Uri(h, "/ok").ToString())]);

        var silos = results.Select(r => r.Silo).Distinct().ToList();
        Assert.Equal(ClusterFixture.SiloCount, silos.Count);
        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
    }

    [Fact]
    public async Task The_per_host_limit_holds_across_the_cluster()
    {
        var urls = Enumerable.Range(0, 24).Select(i => Url(3, $"/slow/100?i={i}")).ToList();

        var results = await TestBatches.RunAsync(fixture.Grains, urls, new BatchOptions { PerHostConcurrency = 2 });

        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        Assert.Equal(2, _web.Stats(3).MaxInFlight);
    }

    [Fact]
    public async Task The_batch_limit_holds_over_all_hosts()
    {
        var urls = Enumerable.Range(0, 30).Select(i => Url(i % 6, $"/slow/100?i={i}")).ToList();

        var results = await TestBatches.RunAsync(fixture.Grains, urls, new BatchOptions { MaxConcurrency = 3, PerHostConcurrency = 4 });

        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        Assert.InRange(_web.Total.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task Starts_to_one_host_are_spaced_by_its_delay()
    {
        var urls = Enumerable.Range(0, 5).Select(i => Url(4, $"/ok?i={i}")).ToList();

        var results = await TestBatches.RunAsync(fixture.Grains, urls, new BatchOptions { PerHostDelayMs = 300 });

        // Where the delay is kept: the host grain's starts, each at least the delay after the one before.
        var started = results.Select(r => r.StartedAt!.Value).Order().ToList();
        var gaps = started.Zip(started.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(290), $"gap of {gap.TotalMilliseconds} ms"));
        // And as the server saw them: five requests, not sent at once. Each arrival carries the jitter of the way there
        // (the first also a new connection), on a loaded machine as much as the delay itself, so the spread is held to
        // half of the four delays' 1.2 s; sent together, the five would arrive within a few milliseconds.
        var starts = _web.Stats(4).Starts.Select(s => s.Timestamp).ToList();
        Assert.Equal(5, starts.Count);
        var spread = TimeProvider.System.GetElapsedTime(starts[0], starts[^1]);
        Assert.True(spread >= TimeSpan.FromMilliseconds(600), $"5 starts spread over {spread.TotalMilliseconds:0} ms");

        // Each result says why it waited: the host's delay, 300 ms a start before it, and nothing for the first.
        var byStart = results.OrderBy(r => r.StartedAt).ToList();
        Assert.Equal(0, byStart[0].Waits!.DelayMs);
        Assert.All(byStart.Select((r, n) => (r, n)).Skip(1), p => Assert.InRange(p.r.Waits!.DelayMs, (p.n * 300) - 30, (p.n * 300) + 400));
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_the_attempts_counted()
    {
        var retried = await TestBatches.RunAsync(fixture.Grains, [Url(5, "/flaky/a/1")], new BatchOptions { Retries = 1 });
        var notRetried = await TestBatches.RunAsync(fixture.Grains, [Url(5, "/flaky/b/1")], new BatchOptions { Retries = 0 });

        Assert.Equal(("ok", 2), (retried[0].Outcome, retried[0].Attempts));
        Assert.Equal(("http_error", 1, 503), (notRetried[0].Outcome, notRetried[0].Attempts, notRetried[0].Status!.Value));
    }

    [Fact]
    public async Task Results_can_be_read_again_from_any_position()
    {
        var batch = await TestBatches.StartAsync(fixture.Grains, [.. Enumerable.Range(0, 10).Select(i => Url(6, $"/ok?i={i}"))]);
        var all = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(30));
        var rest = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(30), from: 4);

        Assert.Equal(all.Skip(4).Select(r => r.Index), rest.Select(r => r.Index));
    }

    [Fact]
    public async Task Cancelling_reports_every_unchecked_url_as_cancelled()
    {
        var urls = Enumerable.Range(0, 20).Select(i => Url(7, $"/hang?i={i}")).ToList();
        var batch = await TestBatches.StartAsync(fixture.Grains, urls, new BatchOptions { PerHostConcurrency = 2, TimeoutMs = 60_000 });
        await _web.Stats(7).WaitForRequestsAsync(2, TestContext.Current.CancellationToken);

        var status = await batch.CancelAsync();
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Cancelled, status!.State);
        Assert.Equal(20, results.Count);
        Assert.All(results, r => Assert.Equal("cancelled", r.Outcome));
        Assert.Equal(20, results.Select(r => r.Index).Distinct().Count());
        Assert.Equal(JobState.Cancelled, (await batch.CancelAsync())!.State);
    }

    [Fact]
    public async Task An_unknown_batch_has_no_status()
    {
        var batch = fixture.Grains.GetGrain<IBatchGrain>(Guid.NewGuid().ToString("N"));
        Assert.Null(await batch.GetStatusAsync());
        Assert.Null(await batch.CancelAsync());
    }

    [Fact]
    public async Task Appending_twice_at_the_same_offset_adds_nothing_twice()
    {
        var batch = fixture.Grains.GetGrain<IBatchGrain>(Guid.NewGuid().ToString("N"));
        Assert.Equal(2, await batch.AppendAsync(0, [Url(0, "/ok?a"), Url(0, "/ok?b")]));
        Assert.Equal(2, await batch.AppendAsync(0, [Url(0, "/ok?a"), Url(0, "/ok?b")]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.AppendAsync(5, [Url(0, "/ok?c")]));

        var status = await batch.StartAsync(BatchKind.Check, BatchOptions.Default, JobTerms.Default);
        Assert.Equal(2, status.Total);
    }

    [Fact]
    public async Task Excluded_urls_are_reported_but_never_requested()
    {
        string[] urls = [Url(0, "/ok?keep"), Url(0, "/ok?private=1"), Url(1, "/ok")];
        var options = new BatchOptions { Include = [@"^http://127\.0\.0\.12:"], Exclude = ["private"] };

        var batch = await TestBatches.StartAsync(fixture.Grains, urls, options);
        var results = (await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(30))).ToDictionary(r => r.Index);
        var status = await batch.GetStatusAsync();

        Assert.Equal("127.0.0.12", _web.Hosts[0].Host);
        Assert.Equal(("ok", "excluded", "excluded"), (results[0].Outcome, results[1].Outcome, results[2].Outcome));
        Assert.Equal("matches no include pattern", results[2].Error);
        Assert.Equal((1, 2), (status!.Ok, status.Skipped["excluded"]));
        Assert.Empty(status.Failed);
        Assert.Equal(0, _web.Stats(1).Requests);
        Assert.Equal(1, _web.Stats(0).Requests);
    }

    [Fact]
    public async Task Options_reach_every_request_and_secrets_never_come_back()
    {
        string[] urls = [Url(0, "/basic/ann/s3cret"), Url(1, "/require-header/X-Team/links"), Url(2, "/status/404"), Url(3, "/no-head")];
        var options = new BatchOptions
        {
            Auth = [new HostAuth { Host = _web.Hosts[0].Host, Username = "ann", Password = "s3cret" }],
            Headers = new Dictionary<string, string> { ["X-Team"] = "links", ["Authorization"] = "Bearer leak" },
            Accept = "200-299,404",
        };

        var batch = await TestBatches.StartAsync(fixture.Grains, urls, options);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(30));
        var status = await batch.GetStatusAsync();

        Assert.All(results, r => Assert.True(r.Outcome == "ok", $"{r.Url}: {r.Outcome} {r.Error}"));
        Assert.Equal("***", status!.Options.Auth[0].Password);
        Assert.Equal("***", status.Options.Headers["Authorization"]);
        Assert.Equal("links", status.Options.Headers["X-Team"]);
    }

    [Fact]
    public async Task A_urls_retry_after_delays_that_url_alone_while_its_host_goes_on()
    {
        var throttled = $"/throttle/one-{Guid.NewGuid():N}/1/3";
        List<string> urls = [Url(8, throttled), .. Enumerable.Range(0, 12).Select(i => Url(8, $"/slow/100?i={i}"))];
        // A host of its own: its grain remembers the answers other tests' batches got.
        var options = new BatchOptions { MaxConcurrency = 2, PerHostConcurrency = 2, Retries = 0, HeadFirst = false };

        var results = (await TestBatches.RunAsync(fixture.Grains, urls, options)).ToDictionary(r => r.Index);

        Assert.Equal(("ok", 2), (results[0].Outcome, results[0].Attempts));
        Assert.True(results[0].Waits!.RetryAfterMs >= 3_000, $"waits {results[0].Waits}");
        Assert.All(results.Values.Where(r => r.Index > 0), r => Assert.Equal(0, r.Waits!.RetryAfterMs));
        Assert.All(results.Values, r => Assert.Equal("ok", r.Outcome));
        var starts = _web.Stats(8).Starts;
        var asked = starts.Where(s => s.Path == throttled).Select(s => s.Timestamp).ToList();
        Assert.Equal(2, asked.Count);
        Assert.True(TimeProvider.System.GetElapsedTime(asked[0], asked[1]) >= TimeSpan.FromSeconds(3), "the Retry-After was shortened");
        // The host's twelve other URLs (1.2 s of work at two at once) did not wait for it.
        var others = starts.Where(s => s.Path == "/slow/100").ToList();
        Assert.Equal(12, others.Count);
        Assert.All(others, s => Assert.True(s.Timestamp < asked[1], $"a URL of the host waited for another URL's Retry-After: {Timeline(starts)}"));
    }

    [Fact]
    public async Task Many_urls_asked_to_wait_at_different_moments_all_come_back_once_their_wait_is_over()
    {
        var tag = Guid.NewGuid().ToString("N");
        // One in ten asked to wait a second, spread over four hosts and over the batch's run.
        var urls = Enumerable.Range(0, 400).Select(i => Url(i % 4, i % 10 == 3 ? $"/throttle/{tag}-{i}/1/1" : $"/slow/20?{tag}={i}")).ToList();
        var options = new BatchOptions { MaxConcurrency = 8, PerHostConcurrency = 2, Retries = 0, HeadFirst = false };

        var results = (await TestBatches.RunAsync(fixture.Grains, urls, options)).ToDictionary(r => r.Index);

        Assert.Equal(400, results.Count);
        Assert.All(results.Values, r => Assert.Equal(("ok", r.Index % 10 == 3 ? 2 : 1), (r.Outcome, r.Attempts)));
        Assert.Equal(80, Enumerable.Range(0, 4).Sum(h => _web.Stats(h).Starts.Count(s => s.Path.StartsWith($"/throttle/{tag}", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_host_throttling_most_of_its_answers_is_paused_as_a_whole()
    {
        var tag = Guid.NewGuid().ToString("N");
        List<string> urls = [.. Enumerable.Range(0, 3).Select(i => Url(9, $"/throttle/{tag}-{i}/1/2")), .. Enumerable.Range(0, 4).Select(i => Url(9, $"/ok?{tag}={i}"))];
        // One at a time, in order: three 429s in a row are the host throttling us, not one URL's business.
        var options = new BatchOptions { MaxConcurrency = 1, PerHostConcurrency = 1, Retries = 0, HeadFirst = false };

        var results = await TestBatches.RunAsync(fixture.Grains, urls, options);

        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        var starts = _web.Stats(9).Starts;
        var thirdThrottle = starts.Where(s => s.Path.StartsWith("/throttle/", StringComparison.Ordinal)).Select(s => s.Timestamp).ElementAt(2);
        var firstOk = starts.First(s => s.Path == "/ok").Timestamp;
        Assert.True(TimeProvider.System.GetElapsedTime(thirdThrottle, firstOk) >= TimeSpan.FromSeconds(2), $"the host was not paused as a whole: {Timeline(starts)}");
    }

    [Fact]
    public async Task A_url_asked_to_wait_gives_its_hosts_share_to_the_others()
    {
        List<string> urls = [Url(0, "/throttle/pause/1/3"), .. Enumerable.Range(0, 16).Select(i => Url(1, $"/slow/150?i={i}"))];
        // No retries: the 429 paced us, it did not fail the link, so the URL is asked again all the same.
        var options = new BatchOptions { MaxConcurrency = 2, PerHostConcurrency = 2, Retries = 0 };

        var results = (await TestBatches.RunAsync(fixture.Grains, urls, options)).ToDictionary(r => r.Index);

        var paused = results[0];
        Assert.Equal(("ok", 2), (paused.Outcome, paused.Attempts));
        var starts = _web.Stats(0).Starts.Select(s => s.Timestamp).ToList();
        Assert.Equal(2, starts.Count);
        Assert.True(TimeProvider.System.GetElapsedTime(starts[0], starts[1]) >= TimeSpan.FromSeconds(2.5), "the pause was not honoured");
        // While host 0 waited, its share went to host 1, which ran two at once (with it held, only one).
        Assert.Equal(2, _web.Stats(1).MaxInFlight);
        Assert.All(results.Values, r => Assert.Equal("ok", r.Outcome));
    }

    [Fact]
    public async Task A_server_that_never_stops_asking_for_a_pause_gets_its_429_reported_after_three_pauses()
    {
        var path = $"/throttle/forever-{Guid.NewGuid():N}/100/1";
        var url = Url(0, path);

        var result = (await TestBatches.RunAsync(fixture.Grains, [url], new BatchOptions { Retries = 0, HeadFirst = false })).Single();

        Assert.Equal(("http_error", 429, 4), (result.Outcome, result.Status, result.Attempts));
        Assert.Equal(4, _web.Stats(0).RequestsTo(path));
    }

    [Fact]
    public async Task A_url_listed_twice_is_checked_once_and_reported_for_every_occurrence()
    {
        var ok = Url(2, "/ok?dup");
        var spelledOtherwise = ok.Replace("http://", "HTTP://", StringComparison.Ordinal) + "#section";
        string[] urls = [ok, spelledOtherwise, Url(2, "/status/404?dup"), ok, Url(2, "/status/404?dup")];

        // GET only, so that one check is one request.
        var results = (await TestBatches.RunAsync(fixture.Grains, urls, new BatchOptions { Retries = 0, HeadFirst = false })).ToDictionary(r => r.Index);

        Assert.Equal(5, results.Count);
        Assert.Equal(1, _web.Stats(2).RequestsTo("/ok"));
        Assert.Equal(1, _web.Stats(2).RequestsTo("/status/404"));
        Assert.Equal((null, 0, 0, 2), (results[0].DuplicateOf, results[1].DuplicateOf!.Value, results[3].DuplicateOf!.Value, results[4].DuplicateOf!.Value));
        Assert.Equal(spelledOtherwise, results[1].Url);
        Assert.Equal(["ok", "ok", "http_error", "ok", "http_error"], Enumerable.Range(0, 5).Select(i => results[i].Outcome));
    }

    [Fact]
    public async Task Recent_ok_results_are_reused_when_the_cache_is_on()
    {
        var url = Url(5, $"/ok?cache={Guid.NewGuid():N}");
        var cached = new BatchOptions { CacheTtlSeconds = 300 };

        var first = await TestBatches.RunAsync(fixture.Grains, [url], cached);
        var second = await TestBatches.RunAsync(fixture.Grains, [url], cached);
        var uncached = await TestBatches.RunAsync(fixture.Grains, [url], new BatchOptions());

        Assert.Equal((null, true, null), (first[0].Cached, second[0].Cached, uncached[0].Cached));
        Assert.Equal("ok", second[0].Outcome);
        Assert.Equal(2, _web.Stats(5).RequestsTo("/ok"));
    }

    [Fact]
    public async Task A_stale_cached_result_is_asked_about_again_and_an_unchanged_page_costs_a_304()
    {
        var url = Url(5, $"/etag/{Guid.NewGuid():N}");
        var cached = new BatchOptions { CacheTtlSeconds = 1 };

        var first = await TestBatches.RunAsync(fixture.Grains, [url], cached);
        // The first result goes stale one second after it was made: that much time must pass, whatever the machine's load.
        while (DateTimeOffset.UtcNow < first[0].FinishedAt.AddSeconds(1.2))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var second = await TestBatches.RunAsync(fixture.Grains, [url], cached);
        var third = await TestBatches.RunAsync(fixture.Grains, [url], cached);

        Assert.Equal((200, "ok", null), (first[0].Status, first[0].Outcome, first[0].Revalidated));
        Assert.StartsWith("\"v1-", first[0].ETag, StringComparison.Ordinal);
        Assert.Equal((304, "ok", true, first[0].ETag), (second[0].Status, second[0].Outcome, second[0].Revalidated, second[0].ETag));
        Assert.Equal((true, "ok"), (third[0].Cached, third[0].Outcome)); // the 304 made it fresh again
        Assert.Equal(2, _web.Stats(5).RequestsTo(new Uri(url).AbsolutePath));
    }

    [Fact]
    public async Task Hostile_and_broken_servers_get_a_clear_outcome_and_the_cluster_carries_on()
    {
        await using var https = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 40), Https = true }, TestContext.Current.CancellationToken);
        var expected = new (string Url, string Outcome)[]
        {
            (Url(0, "/drip"), "ok"),
            (Url(0, "/endless"), "ok"),
            (Url(0, "/gzip-bomb"), "ok"),
            (Url(1, "/huge-headers"), "protocol"),
            (Url(1, "/loop"), "too_many_redirects"),
            (Url(1, "/redirect/30"), "too_many_redirects"),
            (Url(2, "/hang"), "timeout"),
            (https.Url(0, "/ok").ToString(), "tls"),
            ($"http://{TestResolver.KnownName}:{_web.Hosts[0].Port}/ok", "ok"),
            ("http://nowhere.test/", "dns"),
            ($"http://{_web.Hosts[3].Host}:1/", "connection"),
            ("ftp://example.com/", "invalid_url"),
            ("http://exa mple.com/", "invalid_url"),
            ("", "invalid_url"),
        };

        // 5 s, not less: an endless body's headers must arrive within the timeout on two cores busy with a whole test run.
        var results = await TestBatches.RunAsync(
            fixture.Grains, [.. expected.Select(e => e.Url)], new BatchOptions { TimeoutMs = 5_000, Retries = 0 }, TimeSpan.FromSeconds(90));

        Assert.Equal(expected.Length, results.Count);
        foreach (var result in results)
        {
            Assert.True(expected[result.Index].Outcome == result.Outcome, $"{result.Url}: expected {expected[result.Index].Outcome}, got {result.Outcome} ({result.Error})");
            Assert.False(string.IsNullOrEmpty(result.Outcome == "ok" ? "ok" : result.Error), $"{result.Url}: no reason given");
        }

        var after = await TestBatches.RunAsync(fixture.Grains, [Url(4, "/ok?after")]);
        Assert.Equal("ok", after.Single().Outcome);
    }

    [Fact]
    public async Task A_metadata_style_address_is_blocked_directly_and_behind_a_redirect_and_never_requested()
    {
        await using var metadata = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = [System.Net.IPAddress.Parse(ClusterFixture.MetadataAddress)] }, TestContext.Current.CancellationToken);
        var target = metadata.Url(0, "/ok?latest/meta-data").ToString();
        string[] urls = [target, Url(7, $"/redirect-to?url={Uri.EscapeDataString(target)}"), Url(7, "/ok?beside")];

        var batch = await TestBatches.StartAsync(fixture.Grains, urls, new BatchOptions { Retries = 1 });
        var results = (await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(60))).ToDictionary(r => r.Index);

        Assert.Equal(("blocked", 1), (results[0].Outcome, results[0].Attempts));
        Assert.Contains($"blocked network {ClusterFixture.MetadataAddress}/32", results[0].Error, StringComparison.Ordinal);
        Assert.Equal(("blocked", target), (results[1].Outcome, results[1].FinalUrl));
        Assert.Equal("ok", results[2].Outcome);
        Assert.Equal(0, metadata.Total.RequestsTo("/ok"));
        // Not checked, so not broken: counted with the skipped, as excluded URLs are.
        Assert.Equal(2, (await batch.GetStatusAsync())!.Skipped["blocked"]);
    }

    [Fact]
    public async Task A_small_batch_beside_a_batch_of_100000_urls_is_done_in_seconds()
    {
        // Every silo's probe slots taken by a big batch over 24 hosts answering in 100 ms.
        await using var busy = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(24, skip: 160), Latency = TimeSpan.FromMilliseconds(100) }, TestContext.Current.CancellationToken);
        var many = Enumerable.Range(0, 100_000).Select(i => busy.Url(i % 24, $"/ok?n={i}").ToString()).ToList();
        var big = await TestBatches.StartAsync(fixture.Grains, many, new BatchOptions { MaxConcurrency = 5_000, PerHostConcurrency = 200, Retries = 0 });
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var small = await TestBatches.RunAsync(fixture.Grains, [.. Enumerable.Range(0, 10).Select(i => Url(3, $"/ok?small={i}"))], new BatchOptions { Retries = 0 });
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var bigStatus = (await big.GetStatusAsync())!;

            TestContext.Current.TestOutputHelper?.WriteLine($"10 URLs beside 100,000: {took.TotalSeconds:0.00} s ({bigStatus.Done} of the big batch done)");
            Assert.All(small, r => Assert.Equal("ok", r.Outcome));
            Assert.Equal(JobState.Running, bigStatus.State);
            Assert.True(took < TimeSpan.FromSeconds(15), $"the small batch took {took.TotalSeconds:0.0} s beside the big one");
        }
        finally
        {
            await big.PurgeAsync();
        }
    }

    [Fact]
    public async Task A_url_that_never_answers_does_not_hold_up_the_rest_of_its_host()
    {
        List<string> urls = [Url(6, "/hang?first"), .. Enumerable.Range(0, 20).Select(i => Url(6, $"/ok?after={i}"))];
        var options = new BatchOptions { PerHostConcurrency = 2, TimeoutMs = 4_000, Retries = 0 };

        var results = await TestBatches.RunAsync(fixture.Grains, urls, options);

        var hang = results.Single(r => r.Index == 0);
        var lastOk = results.Where(r => r.Index > 0).Max(r => r.FinishedAt);
        Assert.Equal("timeout", hang.Outcome);
        Assert.True(lastOk < hang.FinishedAt - TimeSpan.FromSeconds(2), $"the others ended at {lastOk:HH:mm:ss.fff}, the hang at {hang.FinishedAt:HH:mm:ss.fff}");
    }
}

