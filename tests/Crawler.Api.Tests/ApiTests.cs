using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crawler.Api.Tests;

/// <summary>The real API, in this process, as an Orleans client of a real three-silo cluster.</summary>
public sealed class ApiTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private WebApplicationFactory<ApiOptions> _api = null!;
    private HttpClient _http = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2, skip: 90) }, Cancellation);
        _api = new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in fixture.ApiConfiguration)
            {
                web.UseSetting(key, value);
            }

            web.UseSetting("Api:MaxUrlsPerBatch", "50");
            web.UseSetting("Api:MaxJsonBodyBytes", "4096");
        });
        _http = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _web.DisposeAsync();
    }

    private string Url(int host, string path) => _web.Url(host, path).ToString();

    /// <summary>A batch's results by index, read from its stream to the end.</summary>
    private async Task<Dictionary<int, UrlResult>> ReadResultsAsync(Uri batch)
    {
        var body = await _http.GetStringAsync($"{batch.OriginalString}/results", Cancellation);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)
            .ToDictionary(r => r.Index);
    }

    [Fact]
    public async Task A_json_batch_is_accepted_and_its_results_stream_as_ndjson()
    {
        string[] urls = [Url(0, "/ok"), Url(1, "/status/404"), "mailto:x@example.com"];

        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest(urls, new BatchOptions { Retries = 0 }), CrawlerJson.Default.BatchRequest, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal($"/api/checks/{accepted!.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(3, accepted.Total);

        using var stream = await _http.GetAsync($"/api/checks/{accepted.Id}/results", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        Assert.Equal("application/x-ndjson", stream.Content.Headers.ContentType!.MediaType);
        var results = (await stream.Content.ReadAsStringAsync(Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)
            .ToDictionary(r => r.Index);
        Assert.Equal(["ok", "http_error", "invalid_url"], [results[0].Outcome, results[1].Outcome, results[2].Outcome]);

        var status = await _http.GetFromJsonAsync($"/api/checks/{accepted.Id}", CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal(JobState.Completed, status!.State);
    }

    [Fact]
    public async Task Options_left_out_keep_their_defaults()
    {
        using var response = await _http.PostAsync(
            "/api/checks", new StringContent($$$"""{"urls": ["{{{Url(0, "/ok")}}}"], "options": {"perHostConcurrency": 2}}""", Encoding.UTF8, "application/json"), Cancellation);

        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal(2, accepted!.Options.PerHostConcurrency);
        Assert.Equal(new BatchOptions().TimeoutMs, accepted.Options.TimeoutMs);
        Assert.Equal(new BatchOptions().UserAgent, accepted.Options.UserAgent);
    }

    [Fact]
    public async Task Plain_text_takes_one_url_a_line_and_options_from_the_query()
    {
        var body = $"# my links\n{Url(0, "/ok?a")}\n\n   {Url(0, "/ok?b")}   \n{Url(1, "/ok")}\n";

        using var response = await _http.PostAsync("/api/checks?perHostConcurrency=1&timeoutMs=5000", new StringContent(body, Encoding.UTF8, "text/plain"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal(3, accepted!.Total);
        Assert.Equal((1, 5000), (accepted.Options.PerHostConcurrency, accepted.Options.TimeoutMs));
    }

    [Theory]
    [InlineData("application/json", """{"urls": []}""", 400, "No URLs")]
    [InlineData("application/json", """{"urls": ["http://a/"], "options": {"perHostConcurrency": 0, "timeoutMs": 5}}""", 400, "Invalid check options")]
    [InlineData("application/json", """{"urls": [""", 400, "Bad request")]
    [InlineData("text/plain", "", 400, "No URLs")]
    [InlineData("application/xml", "<urls/>", 415, "Unsupported body")]
    public async Task Bad_submissions_get_problem_details(string contentType, string body, int status, string title)
    {
        using var response = await _http.PostAsync("/api/checks", new StringContent(body, Encoding.UTF8, contentType), Cancellation);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
        Assert.Equal(status, problem!.Status);
        Assert.Equal(title, problem.Title);
    }

    [Fact]
    public async Task Invalid_options_are_named_field_by_field()
    {
        using var response = await _http.PostAsync(
            "/api/checks", new StringContent("""{"urls": ["http://a/"], "options": {"perHostConcurrency": 0, "timeoutMs": 5}}""", Encoding.UTF8, "application/json"), Cancellation);

        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Cancellation);
        Assert.Equal(["perHostConcurrency", "timeoutMs"], problem!.Errors.Keys.Order());
    }

    [Fact]
    public async Task Too_many_urls_is_refused_whole()
    {
        var body = string.Join('\n', Enumerable.Range(0, 51).Select(i => Url(0, $"/ok?{i}")));

        using var response = await _http.PostAsync("/api/checks", new StringContent(body, Encoding.UTF8, "text/plain"), Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, _web.Stats(0).Requests);
    }

    [Fact]
    public async Task A_download_batch_keeps_the_images_and_its_manifest_lists_them_by_hash()
    {
        var site = _web.Site;
        string[] urls = [site.Image(0, 1).ToString(), site.Alias(1, 1, 1).ToString(), site.Missing(0, 1).ToString()];

        using var response = await _http.PostAsJsonAsync("/api/downloads", new BatchRequest(urls, new BatchOptions { Retries = 0 }), CrawlerJson.Default.BatchRequest, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal($"/api/downloads/{accepted!.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(BatchKind.Download, accepted.Kind);

        var csv = (await _http.GetStringAsync($"/api/downloads/{accepted.Id}/manifest?format=csv", Cancellation))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var sha = site.ImageAt(new Uri(urls[0]))!.Sha256;
        Assert.Equal("index,url,outcome,sha256,bytes,type,declaredType,alreadyStored,error,foundOn", csv[0]);
        Assert.StartsWith($"0,{urls[0]},ok,{sha},", csv[1], StringComparison.Ordinal);
        Assert.StartsWith($"1,{urls[1]},ok,{sha},", csv[2], StringComparison.Ordinal);
        Assert.StartsWith($"2,{urls[2]},http_error,,,,,,HTTP 404", csv[3], StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await _http.GetStringAsync($"/api/downloads/{accepted.Id}/manifest", Cancellation));
        Assert.Equal([sha, sha], json.RootElement.EnumerateArray().Take(2).Select(e => e.GetProperty("sha256").GetString()));
    }

    [Fact]
    public async Task A_crawl_is_accepted_and_its_manifest_says_where_each_image_was_found()
    {
        var site = _web.Site;
        var body = "{\"urls\": [\"" + site.Seed + "\"], \"options\": {\"retries\": 0, \"crawl\": {\"maxDepth\": 0, \"images\": true, \"scope\": \"sameHost\"}}}";

        using var response = await _http.PostAsync("/api/crawls", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal($"/api/crawls/{accepted!.Id}", response.Headers.Location!.OriginalString);
        using var manifest = JsonDocument.Parse(await _http.GetStringAsync($"/api/crawls/{accepted.Id}/manifest", Cancellation));
        var entries = manifest.RootElement.EnumerateArray().ToList();
        Assert.Equal(site.PageAt(site.Seed)!.ImageLinks.Distinct().Order(), entries.Select(e => e.GetProperty("url").GetString()!).Order());
        Assert.All(entries, e => Assert.Equal([site.Seed.ToString()], e.GetProperty("foundOn").EnumerateArray().Select(p => p.GetString())));
    }

    [Fact]
    public async Task Crawl_settings_sent_to_the_checks_endpoint_are_refused()
    {
        using var response = await _http.PostAsync(
            "/api/checks", new StringContent("""{"urls": ["http://a/"], "options": {"crawl": {}}}""", Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Cancellation);
        Assert.Contains("crawl", problem!.Errors.Keys);
    }

    [Fact]
    public async Task Every_endpoint_is_in_the_openapi_document_and_the_reference_page_is_served()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json", Cancellation));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var kind in new[] { "checks", "downloads", "crawls", "primes" })
        {
            Assert.True(paths.TryGetProperty($"/api/{kind}", out var submit), kind);
            Assert.True(submit.TryGetProperty("post", out var post), kind);
            Assert.True(post.GetProperty("responses").TryGetProperty("202", out _), kind);
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), kind);
            Assert.Contains(paths.EnumerateObject(), p => p.Name.StartsWith($"/api/{kind}/{{id}}/results", StringComparison.Ordinal));
        }

        Assert.Contains(paths.EnumerateObject(), p => p.Name == "/api/crawls/{id}/manifest");
        var page = await _http.GetStringAsync("/scalar", Cancellation);
        Assert.Contains("<title>Crawler API</title>", page, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_summary_shows_how_concurrent_it_was()
    {
        var urls = Enumerable.Range(0, 12).Select(i => Url(i % 2, $"/slow/100?summary={i}")).ToArray();
        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest(urls, new BatchOptions { PerHostConcurrency = 3, HeadFirst = false }), CrawlerJson.Default.BatchRequest, Cancellation);
        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        await _http.GetStringAsync($"/api/checks/{accepted!.Id}/results", Cancellation); // to the end

        var byHost = await _http.GetFromJsonAsync($"/api/checks/{accepted.Id}/summary", CrawlerJson.Default.ConcurrencySummary, Cancellation);
        var bySilo = await _http.GetFromJsonAsync($"/api/checks/{accepted.Id}/summary?by=silo", CrawlerJson.Default.ConcurrencySummary, Cancellation);

        Assert.Equal(12, byHost!.Items);
        Assert.Equal([6, 6], byHost.Lanes.Select(l => l.Items));
        Assert.All(byHost.Lanes, l => Assert.Equal(3, l.MaxInFlight)); // the per-host limit, reached and kept
        Assert.InRange(byHost.MaxInFlight, 4, 6);
        Assert.True(byHost.SpeedUp > 2, $"speed-up {byHost.SpeedUp}");
        Assert.True(byHost.RunMs.P50 >= 90, $"run times {byHost.RunMs}, queue waits {byHost.QueueWaitMs}");
        Assert.Equal(12, bySilo!.Lanes.Sum(l => l.Items));
    }

    [Fact]
    public async Task A_check_batch_has_no_manifest()
    {
        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest([Url(0, "/ok")], null), CrawlerJson.Default.BatchRequest, Cancellation);
        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);

        using var manifest = await _http.GetAsync($"/api/downloads/{accepted!.Id}/manifest", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/checks/0123456789abcdef0123456789abcdef")]
    [InlineData("GET", "/api/checks/0123456789abcdef0123456789abcdef/results")]
    [InlineData("DELETE", "/api/checks/0123456789abcdef0123456789abcdef")]
    [InlineData("GET", "/api/checks/not-an-id")]
    public async Task Unknown_batches_are_404(string method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_batch_is_a_problem_document_that_names_the_id()
    {
        using var response = await _http.GetAsync("/api/downloads/0123456789abcdef0123456789abcdef", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
        Assert.Equal((404, "No such batch"), (problem!.Status, problem.Title));
        Assert.Contains("0123456789abcdef0123456789abcdef", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_each_answer_from_the_handlers_signatures()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json", Cancellation));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var kind in new[] { "checks", "downloads", "crawls", "primes" })
        {
            var submit = paths.GetProperty($"/api/{kind}").GetProperty("post").GetProperty("responses");
            Assert.All(["202", "400", "415"], code => Assert.True(submit.TryGetProperty(code, out _), $"{kind} POST {code}"));
            Assert.True(submit.GetProperty("202").GetProperty("content").TryGetProperty("application/json", out _), kind);
            var status = paths.GetProperty($"/api/{kind}/{{id}}").GetProperty("get").GetProperty("responses");
            Assert.True(status.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _), kind);
            Assert.True(status.TryGetProperty("404", out _), $"{kind} GET 404");
        }

        var summary = paths.GetProperty("/api/checks/{id}/summary").GetProperty("get").GetProperty("responses");
        Assert.All(["200", "400", "404"], code => Assert.True(summary.TryGetProperty(code, out _), $"summary {code}"));
    }

    [Fact]
    public async Task Delete_cancels_and_the_stream_still_ends_with_every_url()
    {
        var urls = Enumerable.Range(0, 6).Select(i => Url(1, $"/hang?{i}")).ToList();
        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest(urls, new BatchOptions { PerHostConcurrency = 1, TimeoutMs = 60_000 }), CrawlerJson.Default.BatchRequest, Cancellation);
        var id = (await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation))!.Id;
        await _web.Stats(1).WaitForRequestsAsync(1, Cancellation);

        using var cancelled = await _http.DeleteAsync($"/api/checks/{id}", Cancellation);
        var lines = (await _http.GetStringAsync($"/api/checks/{id}/results", Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(JobState.Cancelled, (await cancelled.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation))!.State);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public async Task A_negative_offset_is_refused()
    {
        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest([Url(0, "/ok")], null), CrawlerJson.Default.BatchRequest, Cancellation);
        var id = (await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation))!.Id;

        using var results = await _http.GetAsync($"/api/checks/{id}/results?from=-1", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, results.StatusCode);
    }

    [Fact]
    public async Task Every_bad_option_is_named_with_its_reason()
    {
        const string body = """
            {"urls": ["http://a/"], "options": {
              "accept": "200-299,abc", "include": ["(unclosed"], "headers": {"Host": "x", "bad name": "y"},
              "auth": [{"host": "exa mple.com", "username": "u", "password": "p"}, {"host": "b.test", "bearer": "t", "username": "u"}]}}
            """;

        using var response = await _http.PostAsync("/api/checks", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Cancellation);
        Assert.Equal(["accept", "auth", "headers", "include/exclude"], problem!.Errors.Keys.Order());
        Assert.Equal(2, problem.Errors["headers"].Length);
        Assert.Equal(2, problem.Errors["auth"].Length);
        Assert.Contains("abc", problem.Errors["accept"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include/exclude", "at most 100 patterns in all")]
    [InlineData("headers", "at most 50 headers")]
    [InlineData("auth", "at most 100 entries")]
    public async Task Options_beyond_their_limits_are_refused_with_the_limit_named(string field, string message)
    {
        var options = field switch
        {
            "include/exclude" => new BatchOptions { Exclude = [.. Enumerable.Range(0, BatchOptions.MaxPatterns + 1).Select(i => $"/{i}/")] },
            "headers" => new BatchOptions { Headers = Enumerable.Range(0, BatchOptions.MaxHeaders + 1).ToDictionary(i => $"X-{i}", i => "v") },
            _ => new BatchOptions { Auth = [.. Enumerable.Range(0, BatchOptions.MaxAuthEntries + 1).Select(i => new HostAuth { Host = $"h{i}", Bearer = "t" })] },
        };

        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest([Url(0, "/ok")], options), CrawlerJson.Default.BatchRequest, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Cancellation);
        Assert.Equal([message], problem!.Errors[field]);
        Assert.Equal(0, _web.Stats(0).Requests);
    }

    [Fact]
    public async Task A_text_body_with_an_endless_line_is_refused_and_a_long_url_is_invalid()
    {
        var tooLongUrl = Url(0, "/ok?") + new string('a', 10_240);
        using var submitted = await _http.PostAsync("/api/checks", new StringContent($"{tooLongUrl}\n{Url(0, "/ok")}", Encoding.UTF8, "text/plain"), Cancellation);
        var endless = new string('x', 200_000);
        using var refused = await _http.PostAsync("/api/checks", new StringContent($"{Url(0, "/ok")}\n{endless}", Encoding.UTF8, "text/plain"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var results = await ReadResultsAsync(submitted.Headers.Location!);
        Assert.Equal(("invalid_url", "longer than 8192 characters"), (results[0].Outcome, results[0].Error![..27]));
        Assert.Equal("ok", results[1].Outcome);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
        Assert.Equal("Line 2 of the body is longer than 65536 bytes.", problem!.Detail);
    }

    [Fact]
    public async Task Plain_text_options_include_lists_and_switches()
    {
        using var response = await _http.PostAsync(
            "/api/checks?headFirst=false&accept=200-399&exclude=private&exclude=%5C.pdf%24&allowInvalidTls=true",
            new StringContent(Url(0, "/ok"), Encoding.UTF8, "text/plain"), Cancellation);

        var accepted = await response.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal((false, "200-399", true), (accepted!.Options.HeadFirst, accepted.Options.Accept, accepted.Options.AllowInvalidTls));
        Assert.Equal(["private", @"\.pdf$"], accepted.Options.Exclude);
    }

    [Fact]
    public async Task A_bad_query_option_is_a_400_with_the_reason()
    {
        using var response = await _http.PostAsync("/api/checks?retries=many", new StringContent(Url(0, "/ok"), Encoding.UTF8, "text/plain"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
        Assert.Contains("retries", problem!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/checks", """{"urls": ["http://127.0.0.1:1/ok"], "options": {"maxConcurency": 4}}""", "options.maxConcurency")]
    [InlineData("/api/crawls", """{"urls": ["http://127.0.0.1:1/"], "options": {"crawl": {"maxDepht": 2}}}""", "options.crawl.maxDepht")]
    [InlineData("/api/checks", """{"url": ["http://127.0.0.1:1/ok"]}""", "url")]
    [InlineData("/api/primes", """{"from": 0, "too": 100}""", "too")]
    public async Task A_field_the_api_does_not_know_is_a_400_that_names_it(string path, string body, string field)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Cancellation);
        Assert.Contains($"'{field}'", problem!.Detail, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey(field), $"errors name {string.Join(", ", problem.Errors.Keys)}");
    }

    [Fact]
    public async Task A_query_parameter_that_is_no_option_is_a_400_that_names_it()
    {
        using var response = await _http.PostAsync("/api/checks?maxConcurency=4", new StringContent(Url(0, "/ok"), Encoding.UTF8, "text/plain"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
        Assert.Contains("'maxConcurency'", problem!.Detail, StringComparison.Ordinal);
        Assert.Contains("maxConcurrency", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json", "application/json")]
    [InlineData("csv", "text/csv")]
    [InlineData("markdown", "text/markdown")]
    [InlineData("junit", "application/xml")]
    [InlineData("sarif", "application/sarif+json")]
    public async Task Results_come_in_every_report_format(string format, string contentType)
    {
        using var submitted = await _http.PostAsJsonAsync("/api/checks", new BatchRequest([Url(0, "/ok"), Url(1, "/status/404")], new BatchOptions { Retries = 0 }), CrawlerJson.Default.BatchRequest, Cancellation);
        var id = (await submitted.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation))!.Id;

        using var response = await _http.GetAsync($"/api/checks/{id}/results?format={format}", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(Url(1, "/status/404"), body, StringComparison.Ordinal);
        switch (format)
        {
            case "json":
                using (var json = JsonDocument.Parse(body))
                {
                    Assert.Equal(2, json.RootElement.GetProperty("results").GetArrayLength());
                    Assert.Equal("completed", json.RootElement.GetProperty("batch").GetProperty("state").GetString());
                }

                break;
            case "junit":
                var suite = System.Xml.Linq.XDocument.Parse(body).Descendants("testsuite").Single();
                Assert.Equal(("2", "1"), ((string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!));
                break;
            case "sarif":
                using (var sarif = JsonDocument.Parse(body))
                {
                    Assert.Equal(1, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
                }

                break;
            case "csv":
                Assert.Equal(3, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
                break;
        }
    }

    [Fact]
    public async Task An_unknown_format_is_refused()
    {
        using var submitted = await _http.PostAsJsonAsync("/api/checks", new BatchRequest([Url(0, "/ok")], null), CrawlerJson.Default.BatchRequest, Cancellation);
        var id = (await submitted.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation))!.Id;

        using var response = await _http.GetAsync($"/api/checks/{id}/results?format=pdf", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sarif", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_larger_than_allowed_is_refused_with_413()
    {
        var urls = Enumerable.Range(0, 40).Select(i => Url(0, $"/ok?{new string('x', 100)}{i}")).ToList();

        using var response = await _http.PostAsJsonAsync("/api/checks", new BatchRequest(urls, null), CrawlerJson.Default.BatchRequest, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Body too large", (await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation))!.Title);
        Assert.Equal(0, _web.Stats(0).Requests);
    }
}

