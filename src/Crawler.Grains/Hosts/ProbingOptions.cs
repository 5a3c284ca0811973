namespace Crawler.Grains.Hosts;

/// <summary>Per-silo limits on probing, bound from the <c>Probing</c> configuration section.</summary>
public sealed class ProbingOptions
{
    public const string Section = "Probing";

    /// <summary>HTTP requests one silo has in flight at once, over all hosts and batches.</summary>
    public int MaxInFlightPerSilo { get; set; } = 256;
}
