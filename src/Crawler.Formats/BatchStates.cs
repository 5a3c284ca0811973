using Crawler.Contracts;
using Crawler.Contracts.Batches;

namespace Crawler.Formats;

internal static class BatchStates
{
    /// <summary>The state's name as the API writes it (<c>completed</c>).</summary>
    public static string Name(this JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Completed => "completed",
        JobState.Cancelled => "cancelled",
        _ => state.ToString(),
    };
}
