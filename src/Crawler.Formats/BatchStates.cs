using Crawler.Contracts.Checks;

namespace Crawler.Formats;

internal static class BatchStates
{
    /// <summary>The state's name as the API writes it (<c>completed</c>).</summary>
    public static string Name(this BatchState state) => state switch
    {
        BatchState.Queued => "queued",
        BatchState.Running => "running",
        BatchState.Completed => "completed",
        BatchState.Cancelled => "cancelled",
        _ => state.ToString(),
    };
}
