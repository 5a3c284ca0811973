using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crawler.Grains.Crawls;

/// <summary>Spans and metrics of crawl frontiers; hosts export every source and meter named <c>Crawler.*</c>.</summary>
public static class CrawlTelemetry
{
    public const string Name = "Crawler.Crawls";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Links = Meter.CreateCounter<long>(
        "crawler.crawl.links", "{link}", "Links offered to frontier shards, by decision (admitted: new or nearer a seed; known)");
}
