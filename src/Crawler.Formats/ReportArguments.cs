using Crawler.Contracts.Batches;

namespace Crawler.Formats;

internal static class ReportArguments
{
    /// <summary>Throws <see cref="ArgumentNullException"/> for whichever argument of <see cref="IReportWriter.WriteAsync"/> is null.</summary>
    public static void ThrowIfNull(BatchStatus batch, IAsyncEnumerable<UrlResult> results, Stream output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
    }
}
