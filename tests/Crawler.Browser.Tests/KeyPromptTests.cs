using System.Net.Http.Json;
using Crawler.Contracts;
using Crawler.Contracts.Tenants;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using static Microsoft.Playwright.Assertions;

namespace Crawler.Browser.Tests;

/// <summary>The page of an API with keys on: it asks for a key, sends it with every request and download, and forgets it when told.</summary>
[Collection(nameof(WebPageTests))]
public sealed class KeyPromptTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const string AdminKey = "browser-admin-key-0123456789abcdef012345";

    private PageSession _session = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 150) }, Cancellation);
        _session = await PageSession.OpenAsync(fixture, new Dictionary<string, string?> { ["Auth:Enabled"] = "true", ["Auth:AdminKey"] = AdminKey }, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await _web.DisposeAsync();
    }

    [Fact]
    public async Task The_page_asks_for_a_key_uses_it_for_jobs_and_downloads_and_forgets_it()
    {
        var key = await KeyForAsync("page-team");
        var url = _web.Url(0, "/ok?page-key").ToString();

        // Asked at once: the API answered the page's first request with 401.
        await Expect(_session.TestId("key-bar")).ToBeVisibleAsync();
        await _session.TestId("key-input").FillAsync(key);
        await _session.TestId("key-save").ClickAsync();
        await Expect(_session.TestId("key-bar")).ToBeHiddenAsync();
        await Expect(_session.TestId("key-forget")).ToBeVisibleAsync();

        await _session.TestId("tab-checks").ClickAsync();
        await _session.TestId("field-urls").FillAsync(url);
        await _session.TestId("submit").ClickAsync();
        await Expect(_session.Page.Locator("[data-testid=job][data-state=done]")).ToHaveCountAsync(1);
        await Expect(_session.TestId("result-row")).ToHaveCountAsync(1);
        var download = await _session.Page.RunAndWaitForDownloadAsync(() => _session.TestId("download-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Cancellation);
        var id = await _session.TestId("job-id").InnerTextAsync();

        Assert.Contains(url, csv, StringComparison.Ordinal);
        Assert.StartsWith("check-", download.SuggestedFilename, StringComparison.Ordinal);
        using var asTenant = new HttpRequestMessage(HttpMethod.Get, $"/api/checks/{id}") { Headers = { { "X-Api-Key", key } } };
        var status = await (await _session.Http.SendAsync(asTenant, Cancellation)).Content.ReadFromJsonAsync(CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal("page-team", status!.Tenant);

        // Forgotten: the next job is refused, and the page asks again.
        await _session.TestId("key-forget").ClickAsync();
        await _session.TestId("submit").ClickAsync();
        await Expect(_session.TestId("error")).ToContainTextAsync("API key required");
        await Expect(_session.TestId("key-bar")).ToBeVisibleAsync();
        Assert.DoesNotContain(_session.PageErrors, e => !e.Contains("401", StringComparison.Ordinal));
    }

    private async Task<string> KeyForAsync(string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/keys")
        {
            Headers = { { "X-Api-Key", AdminKey } },
            Content = JsonContent.Create(new ApiKeyRequest(tenant, "page"), CrawlerJson.Default.ApiKeyRequest),
        };
        using var response = await _session.Http.SendAsync(request, Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(CrawlerJson.Default.IssuedApiKey, Cancellation))!.Key;
    }
}
