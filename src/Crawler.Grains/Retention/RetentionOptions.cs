namespace Crawler.Grains.Retention;

/// <summary>How expired jobs and the content no job refers to are swept away; bound from the <c>Retention</c> section.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>How often jobs past their retention are looked for (a reminder: one minute at least).</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Jobs deleted by one sweep at most; the rest wait for the next.</summary>
    public int MaxPurgesPerSweep { get; set; } = 1_000;

    /// <summary>
    /// A batch whose upload began this long ago and never started (its client or the API died half-way) is deleted with
    /// its URLs by the sweep.
    /// </summary>
    public TimeSpan AbandonUnstartedAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the content store is swept for files no job refers to.</summary>
    public TimeSpan ContentSweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A file stored or found again this recently stays, referred to or not: its result may not be recorded yet.</summary>
    public TimeSpan ContentGrace { get; set; } = TimeSpan.FromHours(1);
}
