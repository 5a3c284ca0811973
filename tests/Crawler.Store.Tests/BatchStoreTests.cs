using Crawler.Grains.Batches;
using Crawler.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Store.Tests;

/// <summary>The batch store on the real Garnet: appends, records and the fence against stale activations.</summary>
public sealed class BatchStoreTests(StoreFixture fixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;
    private BatchStore _store = null!;
    private readonly string _batch = Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString);
        _store = new BatchStore(_redis, Options.Create(new ClusterOptions { ServiceId = "store-tests" }));
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Appends_happen_only_at_the_expected_offset()
    {
        var epoch = await _store.ClaimAsync(_batch);
        Assert.Equal(2, await _store.AppendUrlsAsync(_batch, epoch, 0, ["a", "b"]));
        Assert.Equal(2, await _store.AppendUrlsAsync(_batch, epoch, 0, ["a", "b"]));
        Assert.Equal(3, await _store.AppendUrlsAsync(_batch, epoch, 2, ["c"]));
        Assert.Equal(3, await _store.AppendUrlsAsync(_batch, epoch, 1, ["x"]));
        var many = Enumerable.Range(0, BatchStore.BlockSize + 5).Select(i => $"u{i}").ToList();
        Assert.Equal(3 + many.Count, await _store.AppendUrlsAsync(_batch, epoch, 3, many));

        var offsets = await _store.ReadBlockOffsetsAsync(_batch);
        Assert.Equal([0L, 2L, 3L, 3L + BatchStore.BlockSize], offsets);
        Assert.Equal(["a", "b"], await _store.ReadBlockAsync(_batch, 0));
        Assert.Equal(["c"], await _store.ReadBlockAsync(_batch, 2));
        Assert.Equal(["u1000", "u1001", "u1002", "u1003", "u1004"], await _store.ReadBlockAsync(_batch, 3 + BatchStore.BlockSize));
        Assert.Equal(3 + many.Count, await _store.CountUrlsAsync(_batch));
    }

    [Fact]
    public async Task Cached_results_live_as_long_as_asked()
    {
        var key = Guid.NewGuid().ToString("N");
        await _store.WriteCachedAsync("team-a:f1", [(key, "{\"outcome\":\"ok\"}")], TimeSpan.FromSeconds(60));

        Assert.Equal(["{\"outcome\":\"ok\"}", null], await _store.ReadCachedAsync("team-a:f1", [key, "never-cached"]));
        Assert.Equal([null], await _store.ReadCachedAsync("team-b:f1", [key])); // another tenant's, or other credentials'
        Assert.Equal([null], await _store.ReadCachedAsync("team-a:f2", [key]));
        Assert.True(await _redis.GetDatabase().KeyTimeToLiveAsync($"checks-cache:store-tests:team-a:f1:{key}") <= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Results_read_in_order_across_pages()
    {
        var epoch = await _store.ClaimAsync(_batch);
        var first = Enumerable.Range(0, BatchStore.PageSize - 2).Select(i => (i, "ok", $"{i}")).ToList();
        var second = Enumerable.Range(BatchStore.PageSize - 2, 5).Select(i => (i, "ok", $"{i}")).ToList();
        await _store.RecordAsync(_batch, epoch, 0, first);
        await _store.RecordAsync(_batch, epoch, first.Count, second);

        var read = await _store.ReadResultsAsync(_batch, BatchStore.PageSize - 4, 100);

        Assert.Equal(Enumerable.Range(BatchStore.PageSize - 4, 7).Select(i => $"{i}"), read);
    }

    [Fact]
    public async Task Results_bits_and_counts_are_written_together()
    {
        var epoch = await _store.ClaimAsync(_batch);
        var far = BatchStore.BitPage + 7;
        await _store.RecordAsync(_batch, epoch, 0, [(3, "ok", "{\"index\":3}"), (far, "timeout", $"{{\"index\":{far}}}"), (4, "ok", "{\"index\":4}")]);

        var done = await _store.ReadDoneAsync(_batch, far + 10);
        Assert.Equal([3, 4, far], Enumerable.Range(0, far + 10).Where(i => done[i]));
        Assert.Equal(["{\"index\":3}", $"{{\"index\":{far}}}", "{\"index\":4}"], await _store.ReadResultsAsync(_batch, 0, 10));
        Assert.Equal(["{\"index\":4}"], await _store.ReadResultsAsync(_batch, 2, 10));
        Assert.Equal($"{{\"index\":{far}}}", await _store.ReadResultAsync(_batch, far));
        Assert.Equal(new Dictionary<string, int> { ["ok"] = 2, ["timeout"] = 1 }, await _store.ReadCountsAsync(_batch));
    }

    [Fact]
    public async Task A_stale_activation_cannot_write_once_a_newer_one_has_claimed_the_batch()
    {
        var older = await _store.ClaimAsync(_batch);
        var newer = await _store.ClaimAsync(_batch);

        await Assert.ThrowsAsync<StaleBatchException>(() => _store.RecordAsync(_batch, older, 0, [(0, "ok", "{}")]));
        await Assert.ThrowsAsync<StaleBatchException>(() => _store.AppendUrlsAsync(_batch, older, 0, ["a"]));
        await _store.RecordAsync(_batch, newer, 0, [(1, "ok", "{}")]);

        Assert.Single(await _store.ReadResultsAsync(_batch, 0, 10));
        Assert.False((await _store.ReadDoneAsync(_batch, 2))[0]);
    }

    [Fact]
    public async Task A_write_sent_again_after_its_answer_was_lost_changes_nothing_and_says_so()
    {
        var epoch = await _store.ClaimAsync(_batch);
        IReadOnlyList<(int, string, string)> write = [(0, "ok", "{\"index\":0}"), (1, "timeout", "{\"index\":1}")];

        Assert.True(await _store.RecordAsync(_batch, epoch, 0, write));
        Assert.False(await _store.RecordAsync(_batch, epoch, 0, write)); // the same write, its first answer lost

        Assert.Equal(["{\"index\":0}", "{\"index\":1}"], await _store.ReadResultsAsync(_batch, 0, 10));
        Assert.Equal(new Dictionary<string, int> { ["ok"] = 1, ["timeout"] = 1 }, await _store.ReadCountsAsync(_batch));
        var newer = await _store.ClaimAsync(_batch);
        await Assert.ThrowsAsync<StaleBatchException>(() => _store.RecordAsync(_batch, epoch, 2, [(0, "ok", "{}")])); // stale wins over applied
        Assert.True(await _store.RecordAsync(_batch, newer, 2, [(2, "ok", "{\"index\":2}")]));
    }
}
