using System.Diagnostics.Metrics;
using Crawler.Grains.Batches;
using Microsoft.Extensions.Options;

namespace Crawler.Grains.Hosts;

/// <summary>The silo-wide bound on requests in flight, shared by every host grain of the silo.</summary>
public sealed class SiloProbeSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _capacity;

    public SiloProbeSlots(IOptions<ProbingOptions> options, IMeterFactory meters)
    {
        _capacity = options.Value.MaxInFlightPerSilo;
        _slots = new SemaphoreSlim(_capacity, _capacity);
        meters.Create(BatchTelemetry.Name).CreateObservableGauge(
            "crawler.silo.probe_slots.in_use", () => InUse, "{request}", "Probe slots taken on this silo");
    }

    public int InUse => _capacity - _slots.CurrentCount;

    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
