using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crawler.Grains.Batches;

/// <summary>Spans and metrics of batches and of the host grains that work for them; hosts export every source and meter named <c>Crawler.*</c>.</summary>
public static class BatchTelemetry
{
    public const string Name = "Crawler.Batches";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Results = Meter.CreateCounter<long>(
        "crawler.batch.results", "{url}", "URL results recorded, by outcome");

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>(
        "crawler.batches", "{batch}", "Batches that reached a state, by state");

    public static readonly UpDownCounter<long> HostQueue = Meter.CreateUpDownCounter<long>(
        "crawler.host.queued", "{url}", "URLs waiting in host queues of this silo");

    public static readonly Counter<long> Redispatched = Meter.CreateCounter<long>(
        "crawler.batch.redispatched", "{url}", "URLs sent again because the host that held them was lost");
}
