using System.Net.Http.Json;
using Crawler.Contracts;
using Crawler.Contracts.Tenants;
using Crawler.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crawler.Api.Tests;

/// <summary>The real API in this process, on the test cluster, with settings of the test's own over development's.</summary>
internal sealed class TestApi : IAsyncDisposable
{
    /// <summary>The admin key of an API started with keys on.</summary>
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    private readonly WebApplicationFactory<ApiOptions> _factory;
    private HttpClient? _http;

    private TestApi(WebApplicationFactory<ApiOptions> factory) => _factory = factory;

    /// <summary>A client without a key; the first use starts the API.</summary>
    public HttpClient Http => _http ??= _factory.CreateClient();

    public static TestApi Start(ClusterFixture cluster, IReadOnlyDictionary<string, string?> settings) =>
        new(new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in cluster.ApiConfiguration.Concat(settings))
            {
                web.UseSetting(key, value);
            }
        }));

    /// <summary>An API with keys on and <see cref="AdminKey"/> as its admin key.</summary>
    public static TestApi WithKeys(ClusterFixture cluster, IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(cluster, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Auth:Enabled"] = "true",
            ["Auth:AdminKey"] = AdminKey,
        });

    /// <summary>A client that sends <paramref name="key"/> (none: no key).</summary>
    public HttpClient Client(string? key = null)
    {
        var client = _factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>A new key for <paramref name="tenant"/>, made with the admin key.</summary>
    public async Task<IssuedApiKey> KeyForAsync(string tenant)
    {
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new ApiKeyRequest(tenant, "test"), CrawlerJson.Default.ApiKeyRequest, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(CrawlerJson.Default.IssuedApiKey, TestContext.Current.CancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await _factory.DisposeAsync();
    }
}
