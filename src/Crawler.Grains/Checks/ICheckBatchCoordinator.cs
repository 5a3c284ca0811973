using Crawler.Contracts.Checks;

namespace Crawler.Grains.Checks;

/// <summary>The side of a batch that host grains talk to; the same activation as <see cref="ICheckBatchGrain"/>.</summary>
[Alias("crawler.checks.coordinator")]
public interface ICheckBatchCoordinator : IGrainWithStringKey
{
    /// <summary>
    /// Records results; a result for a URL already recorded is ignored, so reporting again is safe.
    /// Returns false when the batch wants no more results (finished or cancelled).
    /// </summary>
    Task<bool> ReportAsync(IReadOnlyList<CheckResult> results);
}
