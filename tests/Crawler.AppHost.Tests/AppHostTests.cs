using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.SyntheticWeb;

namespace Crawler.AppHost.Tests;

/// <summary>The whole system as <c>dotnet run --project AppHost</c> starts it: store, two silos, API.</summary>
public sealed class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_batch_and_a_prime_job_submitted_to_the_api_run_on_both_silos_and_stream_back()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var web = await SyntheticWebServer.StartAsync(
            new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(6, skip: 70) }, cancellation);
        var data = Directory.CreateTempSubdirectory("crawler-apphost-");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Crawler_AppHost>(
                [$"Store:DataDirectory={data.FullName}"], cancellation);
            await using var app = await builder.BuildAsync(cancellation);
            await app.StartAsync(cancellation);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellation).WaitAsync(StartTimeout, cancellation);
            using var api = app.CreateHttpClient("api");

            var urls = web.Hosts.SelectMany(h => new[] { new Uri(h, "/ok").ToString(), new Uri(h, "/status/404").ToString() }).ToList();
            using var submitted = await api.PostAsJsonAsync("/api/checks", new BatchRequest(urls, null), CrawlerJson.Default.BatchRequest, cancellation);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var location = submitted.Headers.Location!;
            Assert.StartsWith("/api/checks/", location.OriginalString, StringComparison.Ordinal);

            var body = await api.GetStringAsync($"{location}/results", cancellation);
            var results = body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)
                .ToList();

            Assert.Equal(urls.Count, results.Count);
            Assert.Equal(Enumerable.Range(0, urls.Count), results.Select(r => r.Index).Order());
            Assert.All(results, r => Assert.Equal(r.Url.EndsWith("/ok", StringComparison.Ordinal) ? "ok" : "http_error", r.Outcome));
            Assert.Equal(2, results.Select(r => r.Silo).Distinct().Count());

            var status = await api.GetFromJsonAsync($"{location}", CrawlerJson.Default.BatchStatus, cancellation);
            Assert.Equal((JobState.Completed, 6, 6), (status!.State, status.Ok, status.Failed["http_error"]));

            using var job = await api.PostAsync(
                "/api/primes", new StringContent(@"{""from"": 0, ""to"": 100000000}", Encoding.UTF8, "application/json"), cancellation);
            Assert.Equal(HttpStatusCode.Accepted, job.StatusCode);
            var partitions = (await api.GetStringAsync($"{job.Headers.Location}/results", cancellation))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.PrimePartitionLine)!)
                .ToList();
            var primes = await api.GetFromJsonAsync($"{job.Headers.Location}", CrawlerJson.Default.PrimeJobStatus, cancellation);
            Assert.Equal((JobState.Completed, 5_761_455L), (primes!.State, primes.Summary!.Count));
            Assert.Equal(2, partitions.Select(p => p.Silo).Distinct().Count());
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
