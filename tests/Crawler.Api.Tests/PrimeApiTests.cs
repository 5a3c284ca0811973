using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crawler.Api.Tests;

/// <summary><c>/api/primes</c> of the real API, as an Orleans client of a real three-silo cluster.</summary>
public sealed class PrimeApiTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private WebApplicationFactory<ApiOptions> _api = null!;
    private HttpClient _http = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _api = new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in fixture.ApiConfiguration)
            {
                web.UseSetting(key, value);
            }
        });
        _http = _api.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_count_job_is_accepted_streams_its_partitions_and_ends_with_the_summary()
    {
        using var response = await _http.PostAsync("/api/primes", Json("""{"from": 0, "to": 10000000}"""), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync(CrawlerJson.Default.PrimeJobStatus, Cancellation))!;
        Assert.Equal($"/api/primes/{accepted.Id}", response.Headers.Location!.OriginalString);

        using var stream = await _http.GetAsync($"/api/primes/{accepted.Id}/results", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        Assert.Equal("application/x-ndjson", stream.Content.Headers.ContentType!.MediaType);
        var lines = (await stream.Content.ReadAsStringAsync(Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.PrimePartitionLine)!)
            .ToList();
        Assert.Equal(664_579, lines.Sum(l => l.Count));
        Assert.Equal(accepted.Partitions, lines.Count);

        var status = await _http.GetFromJsonAsync($"/api/primes/{accepted.Id}", CrawlerJson.Default.PrimeJobStatus, Cancellation);
        Assert.Equal((JobState.Completed, 664_579L, 58_980L), (status!.State, status.Summary!.Count, status.Summary.TwinPairs));

        // The partitions ran on every silo, each silo one at a time (one sieve worker a silo in these tests).
        var summary = await _http.GetFromJsonAsync($"/api/primes/{accepted.Id}/summary", CrawlerJson.Default.ConcurrencySummary, Cancellation);
        Assert.Equal(accepted.Partitions, summary!.Items);
        Assert.Equal(status.Silos.Keys.Order(), summary.Lanes.Select(l => l.Lane).Order());
        Assert.All(summary.Lanes, l => Assert.Equal(1, l.MaxInFlight));
        Assert.InRange(summary.MaxInFlight, 1, ClusterFixture.SiloCount);
    }

    [Fact]
    public async Task The_is_prime_map_reads_the_numbers_as_given()
    {
        using var response = await _http.PostAsync("/api/primes", Json("""{"numbers": [97, 91, 18446744073709551557]}"""), Cancellation);
        var accepted = (await response.Content.ReadFromJsonAsync(CrawlerJson.Default.PrimeJobStatus, Cancellation))!;

        var body = await _http.GetStringAsync($"/api/primes/{accepted.Id}/results", Cancellation);

        Assert.Equal(
            """
            {"index":0,"number":97,"prime":true}
            {"index":1,"number":91,"prime":false}
            {"index":2,"number":18446744073709551557,"prime":true}

            """.ReplaceLineEndings("\n"),
            body);
    }

    [Theory]
    [InlineData("application/json", """{"from": 10, "to": 5}""", 400, "Invalid prime job", "from")]
    [InlineData("application/json", """{"from": 0}""", 400, "Invalid prime job", "to")]
    [InlineData("application/json", """{"kind": "list", "from": 0, "to": 100000000}""", 400, "Invalid prime job", "to")]
    [InlineData("application/json", """{"to": 100000000000000000000}""", 400, "Bad request", null)]
    [InlineData("application/json", """{"numbers": []}""", 400, "Invalid prime job", "numbers")]
    [InlineData("application/json", """{"numbers": [7], "from": 1}""", 400, "Invalid prime job", "from")]
    [InlineData("application/json", """{"to": 100, "partitions": 0}""", 400, "Invalid prime job", "partitions")]
    [InlineData("application/json", """{"to": """, 400, "Bad request", null)]
    [InlineData("text/plain", "1 100", 415, "Unsupported body", null)]
    public async Task Bad_jobs_get_problem_details(string contentType, string body, int status, string title, string? field)
    {
        using var response = await _http.PostAsync("/api/primes", new StringContent(body, Encoding.UTF8, contentType), Cancellation);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Cancellation);
        Assert.Equal(title, problem!.Title);
        if (field is not null)
        {
            Assert.Contains(field, problem.Errors.Keys);
        }
    }

    [Theory]
    [InlineData("GET", "/api/primes/0123456789abcdef0123456789abcdef")]
    [InlineData("GET", "/api/primes/0123456789abcdef0123456789abcdef/results")]
    [InlineData("DELETE", "/api/primes/0123456789abcdef0123456789abcdef")]
    public async Task Unknown_jobs_are_404(string method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
