using System.Text.Json.Nodes;
using Crawler.Contracts;
using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.SyntheticWeb;
using Crawler.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Tests.Storage;

/// <summary>
/// Batches whose record a cluster of an earlier version left in the store (<see cref="LegacyRecords"/>), placed where the
/// batch grain reads its state and activated by this version: a finished one reads as before, a running one carries on.
/// </summary>
public sealed class LegacyBatchTests(ClusterFixture fixture, StoreFixture store) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private SyntheticWebServer _web = null!;
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync()
    {
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(2, skip: 130), SiteImages = 4 });
        _redis = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task A_download_left_running_by_an_earlier_version_resumes_as_a_download_and_reports_every_url_once()
    {
        var site = _web.Site;
        string[] urls = [site.Image(0, 0).ToString(), site.Image(1, 1).ToString(), site.Image(0, 2).ToString()];
        var legacy = JsonNode.Parse(LegacyRecords.Read("download-batch"))!.AsObject();
        legacy["State"] = (int)JobState.Running;
        legacy["Total"] = urls.Length;
        legacy.Remove("FinishedAt");
        var id = await PlaceAsync(legacy, urls);

        var batch = fixture.Grains.GetGrain<IBatchGrain>(id);
        var results = await TestBatches.ReadAllAsync(batch, TimeSpan.FromSeconds(60));

        Assert.Equal([0, 1, 2], results.Select(r => r.Index).Order());
        Assert.All(results, r => Assert.Equal(site.ImageAt(new Uri(r.Url))!.Sha256, r.Download?.Sha256));
        var status = await batch.GetStatusAsync();
        Assert.Equal((BatchKind.Download, JobState.Completed, 3, 3), (status!.Kind, status.State, status.Total, status.Done));
    }

    [Fact]
    public async Task A_finished_check_written_by_an_earlier_version_reads_with_its_options_redacted()
    {
        var id = await PlaceAsync(JsonNode.Parse(LegacyRecords.Read("check-batch"))!.AsObject(), ["http://127.0.0.2/a", "http://127.0.0.2/b"]);

        var status = await fixture.Grains.GetGrain<IBatchGrain>(id).GetStatusAsync();

        Assert.Equal((BatchKind.Check, JobState.Completed, 2), (status!.Kind, status.State, status.Total));
        Assert.Equal("***", status.Options.Headers["X-Token"]);
        Assert.Equal("***", status.Options.Auth.Single().Password);
    }

    /// <summary>Stores the URLs as the batch store keeps them and the record where the grain's state is read, under a new id.</summary>
    private async Task<string> PlaceAsync(JsonObject legacy, string[] urls)
    {
        var id = Guid.NewGuid().ToString("N");
        var serviceId = fixture.Cluster.Options.ServiceId;
        var batches = new BatchStore(_redis, Options.Create(new ClusterOptions { ServiceId = serviceId }));
        var epoch = await batches.ClaimAsync(id);
        await batches.AppendUrlsAsync(id, epoch, 0, urls);
        await _redis.GetDatabase().HashSetAsync(
            $"{serviceId}/state/checkbatch/{id}/batch",
            [new HashEntry("etag", Guid.NewGuid().ToString("N")), new HashEntry("data", legacy.ToJsonString())]);
        return id;
    }
}
