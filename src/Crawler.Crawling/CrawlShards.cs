using System.Text;

namespace Crawler.Crawling;

/// <summary>
/// How a crawl's frontier is split: by host, into <see cref="Count"/> shards, so every URL of a host has one owner and
/// the shards (grains placed on the silos in turn) share the work of telling new URLs from known ones.
/// </summary>
public static class CrawlShards
{
    /// <summary>Enough to spread over the silos of a cluster; a crawl of few hosts simply leaves some shards idle.</summary>
    public const int Count = 16;

    /// <summary>The shard of a host: the same on every silo and across restarts (FNV-1a of its lower-case name).</summary>
    public static int Of(string host)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(host.ToLowerInvariant()))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
