namespace Crawler.Crawling.Tests;

public sealed class CrawlShardsTests
{
    [Fact]
    public void A_host_has_one_shard_whatever_its_case_and_it_is_fixed()
    {
        Assert.Equal(CrawlShards.Of("Example.COM", 16), CrawlShards.Of("example.com", 16));
        Assert.InRange(CrawlShards.Of("example.com", 16), 0, 15);
        // FNV-1a is part of the stored layout's meaning (a restarted cluster must find each host where it was).
        Assert.Equal((int)(0x07a3cf8bu % 16), CrawlShards.Of("127.0.0.2", 16));
        Assert.Equal((int)(0x07a3cf8bu % 6), CrawlShards.Of("127.0.0.2", 6));
    }

    [Fact]
    public void Many_hosts_spread_over_every_shard()
    {
        var counts = Enumerable.Range(0, 1_000).Select(i => CrawlShards.Of($"host{i}.example", 16)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(16, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 1_000 / 16 / 2, 1_000 / 16 * 2));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    [InlineData(100, CrawlShards.Max)]
    public void Two_shards_a_silo_within_bounds(int silos, int shards) => Assert.Equal(shards, CrawlShards.For(silos));
}
