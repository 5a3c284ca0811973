using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crawler.Probing;

/// <summary>Spans and metrics of the probing engine; hosts export every source and meter named <c>Crawler.*</c>.</summary>
public static class ProbingTelemetry
{
    public const string Name = "Crawler.Probing";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "crawler.probe.attempts", "{attempt}", "HTTP probe attempts, by outcome");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "crawler.probe.duration", "s", "Time of one probe attempt, redirects included");

    public static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>(
        "crawler.probe.in_flight", "{request}", "Probe attempts under way in this process");
}
