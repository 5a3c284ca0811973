using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using StackExchange.Redis;

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

    public static readonly Counter<long> WriteRetries = Meter.CreateCounter<long>(
        "crawler.batch.write_retries", "{write}", "Result writes that failed (the store down or unreachable) and wait to be written again");

    public static readonly Counter<long> WritesFoundApplied = Meter.CreateCounter<long>(
        "crawler.batch.writes_found_applied", "{write}", "Result writes found applied by an earlier attempt whose answer was lost");

    private static readonly ConditionalWeakTable<IConnectionMultiplexer, object?> Stores = [];

    private static readonly ObservableCounter<long> StoreOperations = Meter.CreateObservableCounter(
        "crawler.store.operations", () => Stores.Sum(s => s.Key.OperationCount), "{operation}", "Operations the batches' store connections have sent");

    /// <summary>Counts the operations of <paramref name="store"/> in <c>crawler.store.operations</c> (store commands per URL).</summary>
    public static void Watch(IConnectionMultiplexer store) => Stores.TryAdd(store, null);
}
