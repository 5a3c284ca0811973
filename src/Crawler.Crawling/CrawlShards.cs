using System.Text;

namespace Crawler.Crawling;

/// <summary>
/// How a crawl's frontier is split: by host, into shards, so every URL of a host has one owner and the shards (grains
/// placed on the silos in turn) share the work of telling new URLs from known ones. A crawl fixes its number of shards
/// when it starts (<see cref="For"/>) and keeps it, so each host stays with its shard through any restart.
/// </summary>
public static class CrawlShards
{
    public const int Max = 64;

    /// <summary>
    /// Two shards a silo: enough to spread the frontier over the cluster, few enough that asking every shard about a
    /// round of links stays cheap (measured with bench/crawl.py on two silos: 16 shards took 20 % longer than 4).
    /// </summary>
    public static int For(int silos) => Math.Clamp(2 * silos, 2, Max);

    /// <summary>The shard of a host among <paramref name="count"/>: the same on every silo and across restarts (FNV-1a of its lower-case name).</summary>
    public static int Of(string host, int count)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(host.ToLowerInvariant()))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)count);
    }
}
