using System.Diagnostics.Metrics;
using Crawler.Grains.Batches;
using Crawler.Probing.Scheduling;
using Microsoft.Extensions.Options;

namespace Crawler.Grains.Hosts;

/// <summary>
/// The silo-wide bound on requests in flight, shared by every host grain of the silo and shared fairly between batches
/// (<see cref="FairSlots"/>): when the silo is full, a freed slot goes to the batch holding the fewest.
/// </summary>
public sealed class SiloProbeSlots
{
    private readonly FairSlots _slots;

    public SiloProbeSlots(IOptions<ProbingOptions> options, IMeterFactory meters)
    {
        _slots = new FairSlots(options.Value.MaxInFlightPerSilo);
        meters.Create(BatchTelemetry.Name).CreateObservableGauge(
            "crawler.silo.probe_slots.in_use", () => InUse, "{request}", "Probe slots taken on this silo");
    }

    public int InUse => _slots.InUse;

    public Task WaitAsync(string batchId, CancellationToken cancellationToken) => _slots.WaitAsync(batchId, cancellationToken);

    public void Release(string batchId) => _slots.Release(batchId);
}
