using Crawler.Contracts.Batches;
using Crawler.Grains.Batches;
using Crawler.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Crawler.Grains.Tests.Batches;

/// <summary>
/// A batch activation fenced off by a newer claim (as when a call sent again reached another silo first) answers the
/// caller in the contract's terms, which the wire carries and the client sends again: the upload lands whole.
/// </summary>
public sealed class FencedCallTests(ClusterFixture fixture, StoreFixture store) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task An_append_that_meets_a_newer_claim_is_sent_again_and_the_upload_lands_whole()
    {
        var id = Guid.NewGuid().ToString("N");
        var batch = fixture.Grains.GetGrain<IBatchGrain>(id);
        Assert.Equal(2, await batch.AppendAsync(0, ["http://fenced.test/0", "http://fenced.test/1"]));

        // Another activation's claim: the one that took the first block is stale now, and the store refuses its writes.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(store.ConnectionString);
        await new BatchStore(redis, Options.Create(new ClusterOptions { ServiceId = fixture.Cluster.Options.ServiceId })).ClaimAsync(id);

        // Before, the refusal reached the caller as a codec error (its inner exception could not cross the wire).
        Assert.Equal(3, await batch.AppendAsync(2, ["http://fenced.test/2"]));
        await batch.AbandonAsync();
    }
}
