using System.Text.Json.Serialization;

namespace Crawler.Contracts;

/// <summary>Where a job (a batch or a prime job) is in its life.</summary>
[GenerateSerializer]
[Alias("crawler.jobs.state")]
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
