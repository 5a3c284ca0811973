using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crawler.Contracts;
using Crawler.SyntheticWeb;
using Crawler.Testing;

namespace Crawler.Api.Tests;

/// <summary>
/// A silo is killed under a client reading a batch's result stream through the API: the client sees a pause, never an
/// error, and every result once. Its own cluster, since the test breaks it.
/// </summary>
public sealed class SiloLossStreamTests(StoreFixture store) : IAsyncLifetime
{
    private readonly ClusterFixture _cluster = new(store);
    private SyntheticWebServer _web = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _web = await SyntheticWebServer.StartAsync(new SyntheticWebOptions { Addresses = SyntheticWebOptions.LoopbackHosts(8, skip: 150) });
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_client_reading_the_result_stream_sees_no_error_when_the_batch_s_silo_is_killed()
    {
        await using var api = TestApi.Start(_cluster, new Dictionary<string, string?>());
        const int count = 1_200;
        var urls = string.Join('\n', Enumerable.Range(0, count).Select(i => _web.Url(i % 8, $"/slow/100?i={i}")));
        using var submitted = await api.Http.PostAsync("/api/checks?perHostConcurrency=4&retries=0", new StringContent(urls, Encoding.UTF8, "text/plain"), Cancellation);
        var location = submitted.Headers.Location!.ToString();
        var doomed = (await api.Http.GetFromJsonAsync(location, CrawlerJson.Default.BatchStatus, Cancellation))!.Silo;

        // One request, read to its end: no retry here, so any error the API let through would fail the test.
        using var response = await api.Http.GetAsync($"{location}/results", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        response.EnsureSuccessStatusCode();
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(Cancellation));
        var indices = new List<int>();
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;
        var last = TimeSpan.Zero;
        var stall = TimeSpan.Zero;
        Task? killing = null;
        while (await lines.ReadLineAsync(Cancellation) is { } line)
        {
            indices.Add(JsonSerializer.Deserialize(line, CrawlerJson.Default.UrlResult)!.Index);
            if (killedAt is not null)
            {
                stall = Max(stall, clock.Elapsed - last);
            }

            last = clock.Elapsed;
            if (indices.Count == count / 4)
            {
                killedAt = clock.Elapsed;
                killing = _cluster.Cluster.KillSiloAsync(_cluster.Cluster.Silos.Single(s => s.Name == doomed), Cancellation);
            }
        }

        await killing!;
        Assert.Equal(Enumerable.Range(0, count), indices.Order());
        var status = await api.Http.GetFromJsonAsync(location, CrawlerJson.Default.BatchStatus, Cancellation);
        Assert.Equal((JobState.Completed, count, count), (status!.State, status.Done, status.Ok));
        Assert.NotEqual(doomed, status.Silo);
        // Detection takes about five seconds (two missed probes two seconds apart, then the vote); on a loaded two-core
        // machine, allow three times that.
        Assert.True(stall < TimeSpan.FromSeconds(20), $"the stream stood still for {stall.TotalSeconds:0.0} s after the kill");
        Figures.Write("silo-loss-stream", $"a reader's longest wait for a line after its batch's silo was killed: {stall.TotalSeconds:0.0} s; batch of {count} took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
