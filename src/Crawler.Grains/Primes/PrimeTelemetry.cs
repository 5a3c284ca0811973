using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crawler.Grains.Primes;

/// <summary>Spans and metrics of prime jobs and their partitions.</summary>
public static class PrimeTelemetry
{
    public const string Name = "Crawler.Primes";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Partitions = Meter.CreateCounter<long>(
        "crawler.primes.partitions", "{partition}", "Partitions finished on this silo, by job kind");

    public static readonly Counter<long> Numbers = Meter.CreateCounter<long>(
        "crawler.primes.numbers", "{number}", "Numbers sieved or tested on this silo");

    public static readonly Histogram<double> PartitionSeconds = Meter.CreateHistogram<double>(
        "crawler.primes.partition.duration", "s", "Time a partition computed, queue wait excluded");

    public static readonly UpDownCounter<long> Running = Meter.CreateUpDownCounter<long>(
        "crawler.primes.running", "{partition}", "Partitions computing on this silo now");
}
