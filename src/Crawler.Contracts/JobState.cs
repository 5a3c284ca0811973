using System.Text.Json;
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
    private static readonly string[] Names = [.. Enum.GetValues<JobState>().Select(s => JsonSerializer.Serialize(s, CrawlerJson.Default.JobState).Trim('"'))];

    /// <summary>Completed or cancelled: nothing more will be recorded.</summary>
    public static bool HasEnded(this JobState state) => state is JobState.Completed or JobState.Cancelled;

    /// <summary>The state's name as the API writes it (<c>completed</c>): its JSON name.</summary>
    public static string Name(this JobState state) => (int)state < Names.Length ? Names[(int)state] : state.ToString();
}
