using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Primes;
using Crawler.Grains.Retention;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using StackExchange.Redis;

namespace Crawler.Api.Tests;

/// <summary>Jobs deleted when their time is up or when asked, with what they made: results in the store, files in the content store.</summary>
public sealed class RetentionTests(ClusterFixture fixture, StoreFixture store) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(1, skip: 97), SiteImages = 6 }, Cancellation);

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task A_job_past_its_retention_is_gone_with_its_results_and_the_files_no_other_job_refers_to()
    {
        await using var brief = TestApi.Start(fixture, new Dictionary<string, string?> { ["Quotas:Retention"] = "00:00:01" });
        await using var lasting = TestApi.Start(fixture, new Dictionary<string, string?>());
        string Image(int id) => _web.Site.Image(0, id).ToString();

        var expiring = await DownloadAsync(brief.Http, [Image(0), Image(1), Image(2)]);
        var kept = await DownloadAsync(lasting.Http, [Image(2), Image(3)]);
        var files = (await ResultsAsync(brief.Http, expiring.Location)).ToDictionary(r => r.Url, r => r.Download!.Sha256);
        var keptFiles = (await ResultsAsync(lasting.Http, kept.Location)).Select(r => r.Download!.Sha256).ToList();
        var status = await brief.Http.GetFromJsonAsync(expiring.Location, CrawlerJson.Default.BatchStatus, Cancellation);

        Assert.Equal(status!.FinishedAt + TimeSpan.FromSeconds(1), status.ExpiresAt);
        Assert.All(files.Values.Concat(keptFiles), sha256 => Assert.True(Stored(sha256), sha256));

        // The sweep runs on a reminder every minute; here it is asked until the job's second is up.
        var sweeper = fixture.Grains.GetGrain<IRetentionGrain>(IRetentionGrain.Key);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        RetentionSweep sweep;
        do
        {
            sweep = await sweeper.SweepAsync(collectContent: true, contentGrace: TimeSpan.Zero);
        }
        while ((await brief.Http.GetAsync(expiring.Location, Cancellation)).StatusCode != HttpStatusCode.NotFound && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, (await brief.Http.GetAsync($"{expiring.Location}/results", Cancellation)).StatusCode);
        Assert.Empty(await KeysNamingAsync(expiring.Id));
        Assert.False(Stored(files[Image(0)]));
        Assert.False(Stored(files[Image(1)]));
        Assert.True(Stored(files[Image(2)]), "a file another job refers to was deleted");
        Assert.All(keptFiles, sha256 => Assert.True(Stored(sha256), sha256));
        Assert.Equal(HttpStatusCode.OK, (await lasting.Http.GetAsync(kept.Location, Cancellation)).StatusCode);
        Assert.True(sweep.FilesKept >= 2);
    }

    [Fact]
    public async Task A_purge_deletes_a_finished_batch_and_a_running_prime_job_at_once()
    {
        await using var api = TestApi.Start(fixture, new Dictionary<string, string?>());
        using var submitted = await api.Http.PostAsJsonAsync("/api/checks", new BatchRequest([_web.Url(0, "/ok?purge").ToString()], null), CrawlerJson.Default.BatchRequest, Cancellation);
        var batch = submitted.Headers.Location!.OriginalString;
        await ResultsAsync(api.Http, batch);
        using var prime = await api.Http.PostAsJsonAsync("/api/primes", new PrimeJobRequest { To = 100_000_000_000 }, CrawlerJson.Default.PrimeJobRequest, Cancellation);
        var job = prime.Headers.Location!.OriginalString;

        using var purgedBatch = await api.Http.DeleteAsync($"{batch}?purge=true", Cancellation);
        using var purgedJob = await api.Http.DeleteAsync($"{job}?purge=true", Cancellation);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (purgedBatch.StatusCode, purgedJob.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync(batch, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync(job, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.DeleteAsync($"{batch}?purge=true", Cancellation)).StatusCode);
        Assert.Empty(await KeysNamingAsync(batch.Split('/')[^1]));
    }

    /// <summary>Whether the content store (the cluster's folder) holds the content of this hash.</summary>
    private bool Stored(string sha256)
    {
        var folder = Path.Combine(fixture.Downloads.FullName, sha256[..2]);
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, sha256 + ".*").Any();
    }

    private static async Task<(string Id, string Location)> DownloadAsync(HttpClient client, string[] urls)
    {
        using var submitted = await client.PostAsJsonAsync("/api/downloads", new BatchRequest(urls, null), CrawlerJson.Default.BatchRequest, Cancellation);
        submitted.EnsureSuccessStatusCode();
        var location = submitted.Headers.Location!.OriginalString;
        await ResultsAsync(client, location);
        return (location.Split('/')[^1], location);
    }

    private static async Task<List<UrlResult>> ResultsAsync(HttpClient client, string batch) =>
        [.. (await client.GetStringAsync($"{batch}/results", Cancellation))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!)];

    /// <summary>The store's keys that name the job (its data is kept under keys with its id).</summary>
    [Fact]
    public async Task An_upload_cut_off_before_its_batch_started_is_deleted_with_its_urls()
    {
        var cutOff = fixture.Grains.GetGrain<IBatchGrain>(Guid.NewGuid().ToString("N"));
        await cutOff.AppendAsync(0, [_web.Site.Image(0, 0).ToString(), _web.Site.Image(0, 1).ToString()]); // and then the API died
        var started = await TestBatches.StartAsync(fixture.Grains, [_web.Site.Image(0, 2).ToString()]);
        Assert.NotEmpty(await KeysNamingAsync(cutOff.GetPrimaryKeyString()));

        // Test clusters abandon uploads after 15 s (production: an hour); the sweep is asked until then.
        var sweeper = fixture.Grains.GetGrain<IRetentionGrain>(IRetentionGrain.Key);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await KeysNamingAsync(cutOff.GetPrimaryKeyString())).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the cut-off upload is still in the store after 90 s");
            await sweeper.SweepAsync(collectContent: false);
            await Task.Delay(500, Cancellation);
        }

        Assert.Null(await cutOff.GetStatusAsync());
        Assert.Single(await TestBatches.ReadAllAsync(started, TimeSpan.FromSeconds(60))); // a batch that started is not touched
        Assert.NotNull(await started.GetStatusAsync());
    }

    private async Task<List<string>> KeysNamingAsync(string id)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
        var keys = new List<string>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: $"*{id}*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
