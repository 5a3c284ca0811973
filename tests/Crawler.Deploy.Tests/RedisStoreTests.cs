using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crawler.Api;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crawler.Deploy.Tests;

/// <summary>
/// Debian's redis-server as the store, chosen by configuration alone (a connection string with a password): clustering,
/// grain state, reminders, the batch store, the key ring and the tenants, through the real API.
/// </summary>
public sealed class RedisStoreTests(RedisCluster cluster) : IClassFixture<RedisCluster>, IAsyncLifetime
{
    private WebApplicationFactory<ApiOptions> _api = null!;
    private HttpClient _http = null!;
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(3, skip: 170) }, Cancellation);
        _api = new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in cluster.ApiConfiguration)
            {
                web.UseSetting(key, value);
            }
        });
        _http = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_with_credentials_and_a_prime_job_run_on_redis_each_result_once()
    {
        var urls = Enumerable.Range(0, 90).Select(i => _web.Url(i % 3, $"/ok?redis={i}").ToString())
            .Append(_web.Url(0, "/require-header/X-Token/t0k3n").ToString()).ToList();
        var options = new BatchOptions { Retries = 0, Headers = new Dictionary<string, string> { ["X-Token"] = "t0k3n" } };

        using var batch = await _http.PostAsJsonAsync("/api/checks", new BatchRequest(urls, options), CrawlerJson.Default.BatchRequest, Cancellation);
        using var prime = await _http.PostAsJsonAsync("/api/primes", new PrimeJobRequest { To = 10_000_000 }, CrawlerJson.Default.PrimeJobRequest, Cancellation);
        var results = (await _http.GetStringAsync($"{batch.Headers.Location}/results", Cancellation))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize(l, CrawlerJson.Default.UrlResult)!).ToList();
        await _http.GetStringAsync($"{prime.Headers.Location}/results", Cancellation);
        var primeStatus = await _http.GetFromJsonAsync(prime.Headers.Location, CrawlerJson.Default.PrimeJobStatus, Cancellation);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (batch.StatusCode, prime.StatusCode));
        Assert.Equal(Enumerable.Range(0, urls.Count), results.Select(r => r.Index).Order());
        Assert.All(results, r => Assert.Equal("ok", r.Outcome));
        Assert.Equal(664_579, primeStatus!.Summary!.Count);
        Assert.Equal(ClusterFixture.SiloCount, results.Select(r => r.Silo).Concat(primeStatus.Silos.Keys).Distinct().Count());
    }
}
