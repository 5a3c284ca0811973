using System.Net.Http.Json;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crawler.Browser.Tests;

/// <summary>
/// The page at <c>/</c>, driven in a real headless Chromium (Debian's package) through Playwright: the real API on
/// Kestrel, an Orleans client of a real three-silo cluster, checking a real loopback web.
/// </summary>
/// <remarks>Run after the other classes, alone: a browser on two cores would stretch their timings.</remarks>
[Collection(nameof(WebPageTests))]
public sealed class WebPageTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const int Hosts = 3;
    private const int PerHostConcurrency = 2;

    /// <summary>The screenshots docs/web.md shows.</summary>
    private static readonly HashSet<string> DocsScreenshots = ["web-checks", "web-primes", "web-error"];

    private PageSession _session = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IPage Page => _session.Page;

    private HttpClient Http => _session.Http;

    private List<string> PageErrors => _session.PageErrors;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(Hosts, skip: 140), SiteSpecialImages = false }, Cancellation);
        _session = await PageSession.OpenAsync(fixture, null, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
    }

    private ILocator TestId(string id) => _session.TestId(id);

    [Fact]
    public async Task A_check_batch_streams_into_the_table_the_timeline_and_the_summary_and_downloads_as_csv()
    {
        // Per host: two quick answers, two slow ones, a redirect and a 404, so each host's queue is visibly worked two at a time.
        var urls = Enumerable.Range(0, Hosts).SelectMany(h => new[]
        {
            _web.Url(h, "/ok?a"), _web.Url(h, "/ok?b"), _web.Url(h, "/slow/400?a"), _web.Url(h, "/slow/400?b"), _web.Url(h, "/redirect/2"), _web.Url(h, "/status/404"),
        }).Select(u => u.ToString()).ToList();

        await TestId("tab-checks").ClickAsync();
        await TestId("field-urls").FillAsync(string.Join('\n', urls));
        await TestId("field-perHostConcurrency").FillAsync(PerHostConcurrency.ToString());
        await TestId("field-timeoutMs").FillAsync("20000");
        await TestId("field-retries").FillAsync("0");
        await TestId("submit").ClickAsync();
        await WaitUntilDoneAsync();

        var id = await TestId("job-id").InnerTextAsync();
        var status = (await Http.GetFromJsonAsync($"/api/checks/{id}", CrawlerJson.Default.BatchStatus, Cancellation))!;
        var results = await ResultsAsync($"/api/checks/{id}/results");
        Assert.Equal(JobState.Completed, status.State);

        // Every result row, with the server's outcome for its URL.
        await Expect(TestId("result-row")).ToHaveCountAsync(urls.Count);
        var rows = await TestId("result-row").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.cells[1].textContent, r.dataset.outcome])");
        Assert.Equal(results.Select(r => $"{r.Url} {r.Outcome}").Order(), rows.Select(r => $"{r[0]} {r[1]}").Order());
        Assert.All(results, r => Assert.Equal(r.Url.Contains("/status/404", StringComparison.Ordinal) ? "http_error" : "ok", r.Outcome));
        Assert.Equal(status.Ok.ToString(), await TestId("count-ok").GetAttributeAsync("data-value"));
        Assert.Equal(status.Failed.Values.Sum().ToString(), await TestId("count-failed").GetAttributeAsync("data-value"));
        Assert.Equal(status.Ok.ToString(), await TestId("fact-ok").GetAttributeAsync("data-value"));

        // One lane per host, one bar per URL.
        var lanes = await TestId("lane").EvaluateAllAsync<string[]>("lanes => lanes.map(l => l.dataset.lane)");
        Assert.Equal(Enumerable.Range(0, Hosts).Select(h => _web.Hosts[h].Authority).Order(), lanes.Order());
        await Expect(TestId("bar")).ToHaveCountAsync(urls.Count);

        // The summary: never more in flight than the hosts' limits allow, and never more than the limit on a host.
        var maxInFlight = int.Parse((await TestId("summary-max-in-flight").GetAttributeAsync("data-value"))!);
        Assert.InRange(maxInFlight, 1, PerHostConcurrency * Hosts);
        await Expect(TestId("summary-lane")).ToHaveCountAsync(Hosts);
        var laneMax = await TestId("summary-lane").EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.cells[2].textContent))");
        Assert.All(laneMax, max => Assert.InRange(max, 1, PerHostConcurrency));
        await ScreenshotAsync("web-checks");

        // Per silo: one lane per silo that made a request.
        await TestId("lanes-silo").CheckAsync();
        await Expect(TestId("lane")).ToHaveCountAsync(results.Select(r => r.Silo).Distinct().Count());
        await Expect(TestId("bar")).ToHaveCountAsync(urls.Count);
        await TestId("lanes-host").CheckAsync();

        // Failures only.
        await TestId("failures-only").CheckAsync();
        var failing = Page.Locator("[data-testid=result-row]:visible");
        await Expect(failing).ToHaveCountAsync(Hosts);
        Assert.All(await failing.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.outcome)"), o => Assert.Equal("http_error", o));
        await ScreenshotAsync("web-checks-failures");

        // The CSV link, as the browser downloads it.
        var download = await Page.RunAndWaitForDownloadAsync(() => TestId("download-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Cancellation);
        var csvLines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(urls.Count + 1, csvLines.Length);
        Assert.All(urls, url => Assert.Contains(csvLines, line => line.StartsWith(url + ",", StringComparison.Ordinal) || line.Contains($",{url},", StringComparison.Ordinal)));
        foreach (var format in new[] { "ndjson", "json", "markdown", "junit", "sarif" })
        {
            Assert.StartsWith($"/api/checks/{id}/results", await TestId($"download-{format}").GetAttributeAsync("href"), StringComparison.Ordinal);
        }

        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task The_timeline_draws_every_item_at_its_own_times_and_counts_in_flight_exactly()
    {
        // A timing the test controls: one request at a time per host, three 300 ms answers each, so every lane is a
        // staircase of bars that never overlap and the whole batch has exactly one request per host in flight.
        var urls = Enumerable.Range(0, Hosts).SelectMany(h => Enumerable.Range(0, 3).Select(i => _web.Url(h, $"/slow/300?timeline={i}").ToString())).ToList();
        await TestId("tab-checks").ClickAsync();
        await TestId("field-urls").FillAsync(string.Join('\n', urls));
        await TestId("field-perHostConcurrency").FillAsync("1");
        await TestId("field-retries").FillAsync("0");
        await TestId("submit").ClickAsync();
        await WaitUntilDoneAsync();
        var id = await TestId("job-id").InnerTextAsync();
        var results = await ResultsAsync($"/api/checks/{id}/results");
        var summary = (await Http.GetFromJsonAsync($"/api/checks/{id}/summary", CrawlerJson.Default.ConcurrencySummary, Cancellation))!;
        await Expect(TestId("bar")).ToHaveCountAsync(urls.Count);

        var drawn = await TestId("bar").EvaluateAllAsync<string>(
            "bars => JSON.stringify(bars.map(b => ({ name: b.dataset.name, queued: Number(b.dataset.queued), started: Number(b.dataset.started), finished: Number(b.dataset.finished), runX: Number(b.querySelector('rect.run').getAttribute('x')) })))");
        var bars = JsonSerializer.Deserialize<BarDrawn[]>(drawn, JsonSerializerOptions.Web)!;

        // Each bar at its result's times (the page reads them to the millisecond), from the first queued.
        var t0 = results.Min(r => r.QueuedAt);
        foreach (var result in results)
        {
            var bar = Assert.Single(bars, b => b.Name == result.Url);
            Assert.Equal((result.QueuedAt - t0).TotalMilliseconds, bar.Queued, 1.0);
            Assert.Equal((result.StartedAt!.Value - t0).TotalMilliseconds, bar.Started, 1.0);
            Assert.Equal((result.FinishedAt - t0).TotalMilliseconds, bar.Finished, 1.0);
        }

        // Drawn to one scale: a bar's left edge moves with its start time, the same pixels per millisecond for all.
        var ordered = bars.OrderBy(b => b.Started).ToList();
        var pixelsPerMs = (ordered[^1].RunX - ordered[0].RunX) / (ordered[^1].Started - ordered[0].Started);
        Assert.All(ordered, b => Assert.Equal(ordered[0].RunX + ((b.Started - ordered[0].Started) * pixelsPerMs), b.RunX, 0.5));

        // One at a time per host: in each lane a bar starts only after the one before it finished.
        foreach (var lane in results.GroupBy(r => new Uri(r.Url).Authority))
        {
            var runs = lane.OrderBy(r => r.StartedAt).ToList();
            Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Second.StartedAt >= pair.First.FinishedAt, $"{pair.Second.Url} overlaps {pair.First.Url}"));
        }

        // In flight: the page's step chart, the server's summary and the results agree; never more than a request a host.
        Assert.Equal(summary.MaxInFlight.ToString(), await TestId("in-flight").GetAttributeAsync("data-max"));
        Assert.InRange(summary.MaxInFlight, 1, Hosts);
        Assert.Equal(summary.MaxInFlight.ToString(), await TestId("summary-max-in-flight").GetAttributeAsync("data-value"));

        // Why each waited: the second and third URL of a host waited for the one before (the host's limit of one), and the
        // page draws each result's waits as they are, sums them in the summary as the server does, and names them in the key.
        foreach (var lane in results.GroupBy(r => new Uri(r.Url).Authority))
        {
            var runs = lane.OrderBy(r => r.StartedAt).ToList();
            Assert.All(runs.Skip(1), r => Assert.True(r.Waits!.HostMs >= 250, $"{r.Url} waited {r.Waits}"));
        }

        var segments = await TestId("bar").EvaluateAllAsync<string>(
            "bars => JSON.stringify(bars.map(b => ({ name: b.dataset.name, held: [...b.querySelectorAll('rect.waited')].map(r => [r.dataset.reason, Number(r.dataset.ms)]) })))");
        foreach (var bar in JsonSerializer.Deserialize<BarHeld[]>(segments, JsonSerializerOptions.Web)!)
        {
            var waits = results.Single(r => r.Url == bar.Name).Waits!;
            var expected = WaitTimes.Reasons.Zip(waits.Values).Where(r => r.Second > 0).Select(r => (r.First == "retryAfter" ? "retry-after" : r.First, r.Second));
            Assert.Equal(expected, bar.Held.Select(h => (h[0].GetString()!, h[1].GetDouble())));
        }

        await Expect(TestId("legend-reason").And(Page.Locator("[data-reason=host]"))).ToHaveCountAsync(1);
        var hostRow = TestId("summary-reason").And(Page.Locator("[data-reason=host]"));
        Assert.Equal(summary.Waited!.HostMs, double.Parse((await hostRow.GetAttributeAsync("data-ms"))!, System.Globalization.CultureInfo.InvariantCulture), 0.01);
    }

    private sealed record BarHeld(string Name, JsonElement[][] Held);

    private sealed record BarDrawn(string Name, double Queued, double Started, double Finished, double RunX);

    [Fact]
    public async Task A_prime_job_shows_its_partitions_in_lanes_per_silo_and_the_count()
    {
        await TestId("tab-primes").ClickAsync();
        await TestId("field-mode").SelectOptionAsync("count");
        await TestId("field-from").FillAsync("0");
        await TestId("field-to").FillAsync("10000000");
        await TestId("field-partitions").FillAsync("12");
        await TestId("submit").ClickAsync();
        await WaitUntilDoneAsync();

        await Expect(TestId("fact-count")).ToHaveAttributeAsync("data-value", "664579");
        await Expect(TestId("fact-twin-pairs")).ToHaveAttributeAsync("data-value", "58980");
        var id = await TestId("job-id").InnerTextAsync();
        using var status = JsonDocument.Parse(await Http.GetStringAsync($"/api/primes/{id}", Cancellation));
        var silos = status.RootElement.GetProperty("silos").EnumerateObject().Where(s => s.Value.GetInt32() > 0).Select(s => s.Name).ToList();

        await Expect(TestId("lanes-silo")).ToBeCheckedAsync();
        await Expect(TestId("lanes-host")).ToHaveCountAsync(0);
        var lanes = await TestId("lane").EvaluateAllAsync<string[]>("lanes => lanes.map(l => l.dataset.lane)");
        Assert.Equal(silos.Order(), lanes.Order());
        await Expect(TestId("bar")).ToHaveCountAsync(12);
        await Expect(TestId("result-row")).ToHaveCountAsync(12);
        await Expect(TestId("summary-lane")).ToHaveCountAsync(silos.Count);
        Assert.Equal("12", await TestId("summary-items").GetAttributeAsync("data-value"));
        Assert.Equal($"/api/primes/{id}/results", await TestId("download-ndjson").GetAttributeAsync("href"));
        await ScreenshotAsync("web-primes");
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task An_isprime_job_answers_in_order_and_keeps_numbers_beyond_2_to_the_53_exact()
    {
        await TestId("tab-primes").ClickAsync();
        await TestId("field-mode").SelectOptionAsync("isprime");
        await TestId("field-numbers").FillAsync("2 91, 2147483647\n2305843009213693951 2305843009213693953");
        await TestId("submit").ClickAsync();
        await WaitUntilDoneAsync();

        await Expect(TestId("result-row")).ToHaveCountAsync(5);
        var rows = await TestId("result-row").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent])");
        Assert.Equal(
            [["2", "prime"], ["91", "not prime"], ["2,147,483,647", "prime"], ["2,305,843,009,213,693,951", "prime"], ["2,305,843,009,213,693,953", "not prime"]],
            rows);
        Assert.Empty(PageErrors);
    }

    [Fact]
    public async Task A_bad_submission_shows_the_problem_details_and_starts_nothing()
    {
        await TestId("tab-checks").ClickAsync();
        await TestId("field-urls").FillAsync(_web.Url(0, "/ok").ToString());
        await TestId("field-perHostConcurrency").FillAsync("0");
        await TestId("submit").ClickAsync();

        await Expect(TestId("error-title")).ToHaveTextAsync("Invalid check options");
        await Expect(TestId("error-fields")).ToContainTextAsync("perHostConcurrency: must be between 1 and 1000");
        await Expect(TestId("error")).Not.ToContainTextAsync("null");
        await Expect(TestId("job")).ToBeHiddenAsync();
        await ScreenshotAsync("web-error");

        await TestId("field-urls").FillAsync("# only a comment");
        await TestId("field-perHostConcurrency").FillAsync("2");
        await TestId("submit").ClickAsync();
        await Expect(TestId("error-title")).ToHaveTextAsync("No URLs");
        await Expect(TestId("error-detail")).ToHaveTextAsync("The request holds no URL to check.");

        await TestId("tab-primes").ClickAsync();
        await TestId("field-to").FillAsync("");
        await TestId("submit").ClickAsync();
        await Expect(TestId("error-title")).ToHaveTextAsync("Invalid prime job");
        await Expect(TestId("error-fields")).ToContainTextAsync("to: required");
        await Expect(TestId("job")).ToBeHiddenAsync();
        Assert.Equal(0, _web.Stats(0).Requests);
    }

    [Theory]
    [InlineData("downloads")]
    [InlineData("crawls")]
    public async Task Downloads_and_crawls_run_from_the_page_with_their_manifests(string kind)
    {
        var site = _web.Site;
        string[] urls = kind == "downloads"
            ? [site.Image(0, 1).ToString(), site.Image(1, 2).ToString(), site.Image(2, 3).ToString(), site.Missing(0, 1).ToString()]
            : [site.Seed.ToString()];

        await TestId($"tab-{kind}").ClickAsync();
        await TestId("field-urls").FillAsync(string.Join('\n', urls));
        if (kind == "crawls")
        {
            await TestId("field-maxDepth").FillAsync("1");
            await TestId("field-maxPages").FillAsync("12");
            await TestId("field-images").CheckAsync();
        }
        else
        {
            await TestId("field-retries").FillAsync("0");
        }

        await TestId("submit").ClickAsync();
        await WaitUntilDoneAsync();

        var id = await TestId("job-id").InnerTextAsync();
        var results = await ResultsAsync($"/api/{kind}/{id}/results");
        await Expect(TestId("result-row")).ToHaveCountAsync(results.Count);
        await Expect(TestId("bar")).ToHaveCountAsync(results.Count);
        var lanes = await TestId("lane").EvaluateAllAsync<string[]>("lanes => lanes.map(l => l.dataset.lane)");
        Assert.Equal(results.Select(r => new Uri(r.Url).Authority).Distinct().Order(), lanes.Order());
        Assert.Equal($"/api/{kind}/{id}/manifest?format=csv", await TestId("download-manifest-csv").GetAttributeAsync("href"));
        var download = await Page.RunAndWaitForDownloadAsync(() => TestId("download-manifest-csv").ClickAsync());
        var manifest = await File.ReadAllTextAsync((await download.PathAsync())!, Cancellation);
        Assert.All(results.Where(r => r.Download is not null), r => Assert.Contains(r.Download!.Sha256, manifest, StringComparison.Ordinal));
        Assert.Contains(results, r => r.Download is not null);
        await ScreenshotAsync($"web-{kind}");
        Assert.Empty(PageErrors);
    }

    /// <summary>The page marks the job done once its results, status, summary and downloads are all in: wait on that, not on time.</summary>
    private async Task WaitUntilDoneAsync()
    {
        var job = TestId("job");
        await Expect(Page.Locator("[data-testid=job][data-state=done], [data-testid=job][data-state=error]")).ToHaveCountAsync(1);
        if (await job.GetAttributeAsync("data-state") == "error")
        {
            Assert.Fail($"The page shows an error: {await TestId("error").InnerTextAsync()}");
        }
    }

    private async Task<List<UrlResult>> ResultsAsync(string path) =>
        [.. (await Http.GetStringAsync(path, Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)];

    /// <summary>
    /// A full-page PNG kept with the test's results (TestResults/screenshots, and attached to the test), and, when
    /// CRAWLER_DOCS_SCREENSHOTS names a folder and docs/web.md shows it, written there too so the docs' images can be refreshed.
    /// </summary>
    private async Task ScreenshotAsync(string name)
    {
        var png = await Page.ScreenshotAsync(new() { FullPage = true, Animations = ScreenshotAnimations.Disabled });
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots"));
        await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"{name}.png"), png, Cancellation);
        TestContext.Current.AddAttachment($"{name}.png", png, "image/png");
        if (DocsScreenshots.Contains(name) && Environment.GetEnvironmentVariable("CRAWLER_DOCS_SCREENSHOTS") is { Length: > 0 } docs)
        {
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, $"{name}.png"), png, Cancellation);
        }
    }
}

[CollectionDefinition(nameof(WebPageTests), DisableParallelization = true)]
public sealed class WebPageCollection;
