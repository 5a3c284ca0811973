using System.Diagnostics;
using Crawler.Grains.Checks;
using Crawler.Grains.Hosts;
using OpenTelemetry.Trace;

namespace Crawler.Silo;

/// <summary>
/// Samples everything (children follow their parent) except the chatter between the grains of a batch:
/// a result report per finished request and liveness checks. Their work shows in the batch's "record" and
/// "probe" spans; as spans of their own they would bury the batch's trace (and cost more than the probes).
/// </summary>
internal sealed class QuietSampler : Sampler
{
    private static readonly HashSet<string> Chatter = new(StringComparer.Ordinal)
    {
        $"{nameof(ICheckBatchCoordinator)}/{nameof(ICheckBatchCoordinator.ReportAsync)}",
        $"{nameof(IHostGrain)}/{nameof(IHostGrain.GetIncarnationAsync)}",
    };

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        var parentDropped = parent.TraceId != default && !parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded);
        return parentDropped || Chatter.Contains(samplingParameters.Name)
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
