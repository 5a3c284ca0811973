namespace Crawler.Grains.Retention;

/// <summary>The sweep that deletes jobs past their retention and content no job refers to; one grain, key <see cref="Key"/>.</summary>
[Alias("crawler.retention.sweeper")]
public interface IRetentionGrain : IGrainWithStringKey
{
    public const string Key = "retention";

    /// <summary>Keeps the sweep's reminder; every silo asks this at start, and asking again changes nothing.</summary>
    Task StartAsync();

    /// <summary>
    /// Sweeps now: deletes the jobs whose time is up and, when <paramref name="collectContent"/>, the content no job refers to
    /// that is older than <paramref name="contentGrace"/> (the configured grace when null).
    /// </summary>
    Task<RetentionSweep> SweepAsync(bool collectContent, TimeSpan? contentGrace = null);
}

/// <summary>What one sweep did.</summary>
[GenerateSerializer, Immutable]
[Alias("crawler.retention.sweep")]
public sealed record RetentionSweep(
    [property: Id(0)] int JobsPurged,
    [property: Id(1)] int FilesDeleted,
    [property: Id(2)] long BytesFreed,
    [property: Id(3)] int FilesKept);
