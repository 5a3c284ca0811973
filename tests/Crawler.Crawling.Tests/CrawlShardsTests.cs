namespace Crawler.Crawling.Tests;

public sealed class CrawlShardsTests
{
    [Fact]
    public void A_host_has_one_shard_whatever_its_case_and_it_is_fixed()
    {
        Assert.Equal(CrawlShards.Of("Example.COM"), CrawlShards.Of("example.com"));
        Assert.InRange(CrawlShards.Of("example.com"), 0, CrawlShards.Count - 1);
        // FNV-1a is part of the stored layout's meaning (a restarted cluster must find each host where it was).
        Assert.Equal((int)(0x07a3cf8bu % CrawlShards.Count), CrawlShards.Of("127.0.0.2"));
    }

    [Fact]
    public void Many_hosts_spread_over_every_shard()
    {
        var counts = Enumerable.Range(0, 1_000).Select(i => CrawlShards.Of($"host{i}.example")).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(CrawlShards.Count, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 1_000 / CrawlShards.Count / 2, 1_000 / CrawlShards.Count * 2));
    }
}
