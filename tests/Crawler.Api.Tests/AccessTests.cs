using System.Net;
using System.Net.Http.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Crawler.Api.Tests;

/// <summary>Keys and tenants on the real API and cluster: who may do what, and what another tenant's job looks like.</summary>
public sealed class AccessTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private TestApi _api = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 92) }, Cancellation);
        _api = TestApi.WithKeys(fixture);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Theory]
    [InlineData(null, "API key required")]
    [InlineData("crk_not-a-key-anyone-was-given", "The API key is unknown or revoked.")]
    public async Task Without_a_good_key_every_job_endpoint_is_401(string? key, string said)
    {
        using var client = _api.Client(key);

        foreach (var (method, path) in new[] { ("POST", "/api/checks"), ("GET", $"/api/checks/{Guid.NewGuid():N}"), ("POST", "/api/primes"), ("GET", "/api/usage") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { urls = new[] { "http://a.test/" } }) : null }, Cancellation);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer realm=\"crawler\"", response.Headers.WwwAuthenticate.ToString());
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation);
            Assert.Contains(said, $"{problem!.Title} {problem.Detail}", StringComparison.Ordinal);
        }

        Assert.Equal(0, _web.Total.Requests);
    }

    [Fact]
    public async Task Another_tenants_jobs_are_not_found_and_the_owners_are()
    {
        var teamA = await _api.KeyForAsync("team-a");
        var teamB = await _api.KeyForAsync("team-b");
        using var a = _api.Client(teamA.Key);
        using var b = _api.Client(teamB.Key);
        using var bearer = _api.Client();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", teamA.Key);

        using var submitted = await a.PostAsJsonAsync("/api/checks", new BatchRequest([_web.Url(0, "/ok").ToString()], null), CrawlerJson.Default.BatchRequest, Cancellation);
        var batch = (await submitted.Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation))!;
        using var prime = await a.PostAsJsonAsync("/api/primes", new PrimeJobRequest { To = 1_000_000 }, CrawlerJson.Default.PrimeJobRequest, Cancellation);
        var job = (await prime.Content.ReadFromJsonAsync(CrawlerJson.Default.PrimeJobStatus, Cancellation))!;

        Assert.Equal(("team-a", "team-a"), (batch.Tenant, job.Tenant));
        string[] paths = [$"/api/checks/{batch.Id}", $"/api/checks/{batch.Id}/results", $"/api/checks/{batch.Id}/summary", $"/api/primes/{job.Id}", $"/api/primes/{job.Id}/results"];
        foreach (var path in paths)
        {
            using var theirs = await b.GetAsync(path, Cancellation);
            using var ours = await bearer.GetAsync(path, Cancellation);

            Assert.True(HttpStatusCode.NotFound == theirs.StatusCode, $"{path}: {theirs.StatusCode}");
            Assert.Contains(batch.Id == path.Split('/')[3] ? batch.Id : job.Id, (await theirs.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation))!.Detail, StringComparison.Ordinal);
            Assert.True(HttpStatusCode.OK == ours.StatusCode, $"{path}: {ours.StatusCode}");
        }

        using var cancel = await b.DeleteAsync($"/api/primes/{job.Id}", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.NotEqual(JobState.Cancelled, (await a.GetFromJsonAsync($"/api/primes/{job.Id}", CrawlerJson.Default.PrimeJobStatus, Cancellation))!.State);
    }

    [Fact]
    public async Task The_admin_makes_lists_and_revokes_keys_and_a_revoked_key_is_refused()
    {
        var issued = await _api.KeyForAsync("team-c");
        using var tenant = _api.Client(issued.Key);
        using var admin = _api.Client(TestApi.AdminKey);
        Assert.StartsWith("crk_", issued.Key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await tenant.GetAsync("/api/usage", Cancellation)).StatusCode);

        var listed = await admin.GetFromJsonAsync("/api/admin/keys", CrawlerJson.Default.IReadOnlyListApiKey, Cancellation);
        using var asTenant = await tenant.GetAsync("/api/admin/keys", Cancellation);
        using var revoked = await admin.DeleteAsync($"/api/admin/keys/{issued.Info.Id}", Cancellation);
        using var after = await tenant.GetAsync("/api/usage", Cancellation);
        using var adminSubmits = await admin.PostAsJsonAsync("/api/checks", new BatchRequest(["http://a.test/"], null), CrawlerJson.Default.BatchRequest, Cancellation);

        Assert.Contains(listed!, k => k.Id == issued.Info.Id && k.Tenant == "team-c" && !k.IsRevoked);
        Assert.DoesNotContain(issued.Key, await (await admin.GetAsync("/api/admin/keys", Cancellation)).Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asTenant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminSubmits.StatusCode); // the admin key manages keys; jobs are tenants'
    }

    [Theory]
    [InlineData("Origin", "http://evil.test")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_browser_request_from_another_site_changes_nothing(string header, string value)
    {
        var key = await _api.KeyForAsync("team-d");
        using var client = _api.Client(key.Key);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checks") { Content = new StringContent(_web.Url(0, "/ok?csrf").ToString()) };
        request.Headers.Add(header, value);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Cross-site request refused", (await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancellation))!.Title);
        Assert.Equal(0, _web.Stats(0).RequestsTo("/ok"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_page_s_own_origin_may_submit()
    {
        var key = await _api.KeyForAsync("team-e");
        using var client = _api.Client(key.Key);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checks") { Content = new StringContent(_web.Url(0, "/ok?same-origin").ToString()) };
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_the_admin_s_and_a_browser_is_asked_for_the_key()
    {
        var tenant = await _api.KeyForAsync("team-f");
        using var anonymous = _api.Client();
        using var asTenant = _api.Client(tenant.Key);
        using var browser = _api.Client();
        browser.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"anyone:{TestApi.AdminKey}")));

        using var asked = await anonymous.GetAsync("/dashboard/", Cancellation);
        using var refused = await asTenant.GetAsync("/dashboard/", Cancellation);
        using var shown = await browser.GetAsync("/dashboard/", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, asked.StatusCode);
        Assert.Equal("Basic realm=\"crawler dashboard\"", asked.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("Orleans Dashboard", await shown.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keys_on_and_no_admin_key_the_api_refuses_to_start()
    {
        await using var api = TestApi.Start(fixture, new Dictionary<string, string?> { ["Auth:Enabled"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => api.Http);

        Assert.Contains("Auth:AdminKey", error.Message, StringComparison.Ordinal);
    }
}
