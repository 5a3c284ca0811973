using System.Text.Json.Serialization;

namespace Crawler.Contracts.Checks;

[GenerateSerializer]
public enum BatchState
{
    /// <summary>Created, URLs may still be arriving.</summary>
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

public static class BatchStateExtensions
{
    /// <summary>Completed or cancelled: nothing more will be recorded.</summary>
    public static bool HasEnded(this BatchState state) => state is BatchState.Completed or BatchState.Cancelled;
}
