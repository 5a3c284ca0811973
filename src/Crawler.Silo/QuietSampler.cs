using System.Diagnostics;
using Crawler.Grains.Batches;
using Crawler.Grains.Hosts;
using OpenTelemetry.Trace;

namespace Crawler.Silo;

/// <summary>
/// Samples everything (children follow their parent) except the chatter between the grains of a batch:
/// result reports, liveness checks, and top-ups of a host's queue (sent without a trace of their own; the
/// first sending to each host is traced). Their work shows in the batch's "dispatch", "record" and "probe"
/// spans; as spans of their own they would bury the batch's trace and cost more than the probes.
/// </summary>
internal sealed class QuietSampler : Sampler
{
    private static readonly HashSet<string> Chatter = new(StringComparer.Ordinal)
    {
        $"{nameof(IBatchCoordinator)}/{nameof(IBatchCoordinator.ReportAsync)}",
        $"{nameof(IHostGrain)}/{nameof(IHostGrain.GetIncarnationAsync)}",
    };

    private static readonly string TopUp = $"{nameof(IHostGrain)}/{nameof(IHostGrain.EnqueueAsync)}";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        var parentDropped = parent.TraceId != default && !parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded);
        var topUp = parent.TraceId == default && samplingParameters.Name == TopUp;
        return parentDropped || topUp || Chatter.Contains(samplingParameters.Name)
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
