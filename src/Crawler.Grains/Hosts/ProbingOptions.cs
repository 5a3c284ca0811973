namespace Crawler.Grains.Hosts;

/// <summary>Per-silo limits on probing, bound from the <c>Probing</c> configuration section.</summary>
public sealed class ProbingOptions
{
    public const string Section = "Probing";

    /// <summary>HTTP requests one silo has in flight at once, over all hosts and batches.</summary>
    public int MaxInFlightPerSilo { get; set; } = 256;

    /// <summary>
    /// Bytes of crawled pages one silo holds at once while reading and parsing them (<see cref="Crawler.Crawling.PageBudget"/>);
    /// a page reserves three times its size (its bytes and its text). Pages wait when it is spent.
    /// </summary>
    public long PageMemoryBytes { get; set; } = Crawler.Crawling.PageBudget.DefaultBytes;
}
