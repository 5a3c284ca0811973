using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using StackExchange.Redis;

namespace Crawler.Api.Tests;

/// <summary>Credentials given to a batch: used for its requests, never in the store as written, never shared through the cache.</summary>
public sealed class SecretsTests(ClusterFixture fixture, StoreFixture store) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private TestApi _api = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 96) }, Cancellation);
        _api = TestApi.WithKeys(fixture);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task Credentials_are_used_but_the_store_never_holds_them_as_written()
    {
        var token = $"tok{Guid.NewGuid():N}";
        var password = $"pw{Guid.NewGuid():N}";
        using var client = _api.Client((await _api.KeyForAsync("secretive")).Key);
        var options = new BatchOptions
        {
            Retries = 0,
            Headers = new Dictionary<string, string> { ["X-Api-Token"] = token },
            Auth = [new HostAuth { Host = "*", Username = "u", Password = password }],
        };
        // The URLs name the secrets by their hashes: the store holds URLs, and must hold no secret.
        var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"u:{password}"));
        string[] urls = [Url($"/require-header-sha256/X-Api-Token/{Sha256(token)}"), Url($"/require-header-sha256/Authorization/{Sha256(basic)}"), Url("/slow/3000")];

        using var submitted = await client.PostAsJsonAsync("/api/checks", new BatchRequest(urls, options), CrawlerJson.Default.BatchRequest, Cancellation);
        var location = submitted.Headers.Location!.OriginalString;
        var first = await FirstResultAsync(client, location);
        var whileRunning = await FindInStoreAsync(token, password);
        var results = await ResultsAsync(client, location);
        var afterwards = await FindInStoreAsync(token, password);
        var status = await client.GetStringAsync(location, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.NotEqual(2, first.Index);
        Assert.Equal(["ok", "ok", "ok"], results.Select(r => r.Outcome));
        Assert.Empty(whileRunning);
        Assert.Empty(afterwards);
        Assert.DoesNotContain(token, status, StringComparison.Ordinal);
        Assert.DoesNotContain(password, status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_result_is_never_shared_with_another_tenant_or_other_credentials()
    {
        using var a = _api.Client((await _api.KeyForAsync("cache-a")).Key);
        using var b = _api.Client((await _api.KeyForAsync("cache-b")).Key);
        var url = Url($"/ok?cache={Guid.NewGuid():N}");
        var cached = new BatchOptions { CacheTtlSeconds = 300 };
        var withCookie = cached with { Headers = new Dictionary<string, string> { ["Cookie"] = "session=a" } };

        var first = await RunAsync(a, url, cached);
        var otherTenant = await RunAsync(b, url, cached);
        var again = await RunAsync(a, url, cached);
        var otherCredentials = await RunAsync(a, url, withCookie);

        Assert.Equal((null, null, true, null), (first.Cached, otherTenant.Cached, again.Cached, otherCredentials.Cached));
        Assert.Equal(3, _web.Stats(0).RequestsTo("/ok"));
    }

    private string Url(string path) => _web.Url(0, path).ToString();

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static async Task<UrlResult> RunAsync(HttpClient client, string url, BatchOptions options)
    {
        using var submitted = await client.PostAsJsonAsync("/api/checks", new BatchRequest([url], options), CrawlerJson.Default.BatchRequest, Cancellation);
        return (await ResultsAsync(client, submitted.Headers.Location!.OriginalString)).Single();
    }

    private static async Task<List<UrlResult>> ResultsAsync(HttpClient client, string batch) =>
        [.. (await client.GetStringAsync($"{batch}/results", Cancellation))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)
            .OrderBy(r => r.Index)];

    /// <summary>The first line of a batch's result stream, read as soon as it is there.</summary>
    private static async Task<UrlResult> FirstResultAsync(HttpClient client, string batch)
    {
        using var response = await client.GetAsync($"{batch}/results", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancellation));
        return JsonSerializer.Deserialize((await reader.ReadLineAsync(Cancellation))!, CrawlerJson.Default.UrlResult)!;
    }

    /// <summary>Every key of the store whose value holds one of <paramref name="secrets"/>.</summary>
    private async Task<List<string>> FindInStoreAsync(params string[] secrets)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
        var db = redis.GetDatabase();
        var found = new List<string>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: "*"))
        {
            IEnumerable<string?> values = await db.KeyTypeAsync(key) switch
            {
                RedisType.String => [(string?)await db.StringGetAsync(key)],
                RedisType.Hash => (await db.HashGetAllAsync(key)).Select(e => (string?)e.Value),
                RedisType.List => (await db.ListRangeAsync(key)).Select(v => (string?)v),
                RedisType.Set => (await db.SetMembersAsync(key)).Select(v => (string?)v),
                RedisType.SortedSet => (await db.SortedSetRangeByRankAsync(key)).Select(v => (string?)v),
                _ => [],
            };
            if (values.Any(v => v is not null && secrets.Any(s => v.Contains(s, StringComparison.Ordinal))))
            {
                found.Add(key.ToString());
            }
        }

        return found;
    }
}
