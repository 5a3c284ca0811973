using System.Diagnostics.Metrics;

namespace Crawler.Crawling;

/// <summary>Metrics of reading pages; hosts export every meter named <c>Crawler.*</c>.</summary>
public static class CrawlingTelemetry
{
    public const string Name = "Crawler.Crawling";

    private static readonly Meter Meter = new(Name);

    public static readonly UpDownCounter<long> PagesWaitingForMemory = Meter.CreateUpDownCounter<long>(
        "crawler.page.waiting_for_memory", "{page}", "Pages waiting for the silo's page budget before their body is read");

    public static readonly UpDownCounter<long> PageBytesReserved = Meter.CreateUpDownCounter<long>(
        "crawler.page.bytes_reserved", "By", "Bytes of the silo's page budget held by pages being read or parsed");

    public static readonly Counter<long> LinksCut = Meter.CreateCounter<long>(
        "crawler.page.links_cut", "{link}", "References left out because a page held more than a crawl takes from one page");

    public static readonly Counter<long> PagesTruncated = Meter.CreateCounter<long>(
        "crawler.page.truncated", "{page}", "Pages longer than the crawl's page size cap, parsed as far as the cap");

    public static readonly Counter<long> PagesRepeated = Meter.CreateCounter<long>(
        "crawler.page.repeated", "{page}", "Pages whose body was one the crawl had already parsed on that host, not parsed again");
}
