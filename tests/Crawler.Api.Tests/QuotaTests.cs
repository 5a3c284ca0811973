using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using Microsoft.AspNetCore.Mvc;

namespace Crawler.Api.Tests;

/// <summary>Each tenant's limits on the real API and cluster: 429 with Retry-After for limits of time, 413 for a job too large.</summary>
public sealed class QuotaTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private TestApi _api = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 94), SiteImages = 12 }, Cancellation);
        // Every tenant a test uses is its own, with the one limit it tries; the others keep production's defaults.
        _api = TestApi.WithKeys(fixture, new Dictionary<string, string?>
        {
            ["Quotas:SubmissionsPerMinute"] = "60",
            ["Quotas:MaxRunningJobs"] = "20",
            ["Quotas:UrlsPerDay"] = "10000000",
            ["Quotas:Tenants:minute:SubmissionsPerMinute"] = "2",
            ["Quotas:Tenants:running:MaxRunningJobs"] = "1",
            ["Quotas:Tenants:daily:UrlsPerDay"] = "5",
            ["Quotas:Tenants:sized:MaxCrawlPages"] = "10",
            ["Quotas:Tenants:sized:PrimeWorkPerJob"] = "1e9",
            ["Quotas:Tenants:bytes:MaxDownloadBytesPerJob"] = "60000",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task Submissions_beyond_a_minute_s_allowance_get_429_with_retry_after_and_other_tenants_do_not()
    {
        using var minute = await ClientOfAsync("minute");
        using var other = await ClientOfAsync("minute-neighbour");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await SubmitAsync(minute, [Url($"/ok?minute={i}")]));
        }

        using var neighbour = await SubmitAsync(other, [Url("/ok?neighbour")]);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        await AssertLimitAsync(answers[2], "submissionsPerMinute", maxRetryAfter: 60);
        Assert.Equal(HttpStatusCode.Accepted, neighbour.StatusCode);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task A_job_beyond_the_running_limit_waits_for_one_to_end()
    {
        using var client = await ClientOfAsync("running");

        using var first = await SubmitAsync(client, [Url("/hang?running")], new BatchOptions { TimeoutMs = 60_000, Retries = 0 });
        using var second = await SubmitAsync(client, [Url("/ok?running-2")]);
        using var cancelled = await client.DeleteAsync(first.Headers.Location, Cancellation);
        using var third = await SubmitAsync(client, [Url("/ok?running-3")]);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await AssertLimitAsync(second, "maxRunningJobs", maxRetryAfter: 60);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        Assert.Equal(0, _web.Stats(0).RequestsTo("/ok")); // nothing of the refused batch was requested... (the third may not have run yet)
    }

    [Fact]
    public async Task Urls_beyond_the_day_s_allowance_are_refused_until_tomorrow_and_nothing_of_them_is_fetched()
    {
        using var client = await ClientOfAsync("daily");

        using var first = await SubmitAsync(client, [Url("/ok?d1"), Url("/ok?d2"), Url("/ok?d3")]);
        await ReadToEndAsync(client, first.Headers.Location!);
        using var second = await SubmitAsync(client, [Url("/slow/1?d4"), Url("/slow/1?d5"), Url("/slow/1?d6")]);
        var usage = JsonDocument.Parse(await client.GetStringAsync("/api/usage", Cancellation)).RootElement;

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var secondsToMidnight = (DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow).TotalSeconds;
        await AssertLimitAsync(second, "urlsPerDay", maxRetryAfter: (int)Math.Ceiling(secondsToMidnight) + 1);
        Assert.Equal(0, _web.Stats(0).RequestsTo("/slow/1"));
        Assert.Equal(3, usage.GetProperty("usage").GetProperty("urls").GetInt64());
        Assert.Equal(5, usage.GetProperty("limits").GetProperty("urlsPerDay").GetInt64());
    }

    [Fact]
    public async Task A_job_larger_than_a_job_may_be_is_413_naming_the_limit()
    {
        using var client = await ClientOfAsync("sized");

        using var crawl = await client.PostAsJsonAsync("/api/crawls", new BatchRequest([_web.Site.Seed.ToString()], new BatchOptions { Crawl = new CrawlSettings { MaxPages = 11 } }), CrawlerJson.Default.BatchRequest, Cancellation);
        using var primes = await client.PostAsJsonAsync("/api/primes", new PrimeJobRequest { To = 10_000_000_000 }, CrawlerJson.Default.PrimeJobRequest, Cancellation);
        using var small = await client.PostAsJsonAsync("/api/primes", new PrimeJobRequest { To = 100_000_000 }, CrawlerJson.Default.PrimeJobRequest, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, crawl.StatusCode);
        Assert.Equal("maxCrawlPages", await LimitOfAsync(crawl));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, primes.StatusCode);
        Assert.Equal("primeWorkPerJob", await LimitOfAsync(primes));
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Equal(0, _web.Total.Requests);
    }

    [Fact]
    public async Task A_download_that_reaches_its_byte_allowance_stops_and_says_why()
    {
        // 200 ms an answer: the allowance is counted as results are recorded, and the stop must beat the next download.
        await using var slow = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 95), SiteImages = 12, Latency = TimeSpan.FromMilliseconds(200) }, Cancellation);
        using var client = await ClientOfAsync("bytes");
        var images = Enumerable.Range(0, 12).Select(i => slow.Site.Image(0, i).ToString()).ToList();

        using var submitted = await client.PostAsJsonAsync("/api/downloads", new BatchRequest(images, new BatchOptions { MaxConcurrency = 1 }), CrawlerJson.Default.BatchRequest, Cancellation);
        var results = await ReadToEndAsync(client, submitted.Headers.Location!);
        var status = (await client.GetFromJsonAsync(submitted.Headers.Location, CrawlerJson.Default.BatchStatus, Cancellation))!;

        var kept = results.Where(r => r.Outcome == "ok").ToList();
        var stopped = results.Where(r => r.Outcome == "cancelled").ToList();
        Assert.Equal(JobState.Cancelled, status.State);
        Assert.StartsWith("maxDownloadBytes", status.StopReason, StringComparison.Ordinal);
        Assert.True(kept.Sum(r => r.Download!.Bytes) >= 60_000, $"{kept.Count} kept, {kept.Sum(r => r.Download!.Bytes)} bytes");
        // One at a time: once the allowance is used up, at most the download under way (and one more on a loaded machine) finishes.
        var byFinish = kept.OrderBy(r => r.FinishedAt).Select(r => r.Download!.Bytes).ToList();
        var crossing = Enumerable.Range(1, byFinish.Count).First(n => byFinish.Take(n).Sum() >= 60_000);
        Assert.True(byFinish.Count - crossing <= 2, $"{byFinish.Count - crossing} downloads finished after the allowance was used up");
        Assert.NotEmpty(stopped);
        Assert.All(stopped, r => Assert.Contains("maxDownloadBytes", r.Error, StringComparison.Ordinal));
        Assert.Equal(images.Count, results.Count);
    }

    private string Url(string path) => _web.Url(0, path).ToString();

    private async Task<HttpClient> ClientOfAsync(string tenant) => _api.Client((await _api.KeyForAsync(tenant)).Key);

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string[] urls, BatchOptions? options = null) =>
        client.PostAsJsonAsync("/api/checks", new BatchRequest(urls, options ?? new BatchOptions { Retries = 0 }), CrawlerJson.Default.BatchRequest, Cancellation);

    private static async Task<List<UrlResult>> ReadToEndAsync(HttpClient client, Uri batch) =>
        [.. (await client.GetStringAsync($"{batch.OriginalString}/results", Cancellation))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)
            .OrderBy(r => r.Index)];

    private static async Task AssertLimitAsync(HttpResponseMessage response, string limit, int maxRetryAfter)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(maxRetryAfter), $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal(limit, await LimitOfAsync(response));
    }

    private static async Task<string?> LimitOfAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
        Assert.Equal($"Over the limit {problem!.Extensions["limit"]}", problem.Title);
        return problem.Extensions["limit"]?.ToString();
    }
}
