using System.Text.Json.Serialization;

namespace Crawler.Contracts;

[GenerateSerializer]
public enum JobState
{
    /// <summary>Created, URLs may still be arriving.</summary>
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

public static class JobStateExtensions
{
    /// <summary>Completed or cancelled: nothing more will be recorded.</summary>
    public static bool HasEnded(this JobState state) => state is JobState.Completed or JobState.Cancelled;
}
