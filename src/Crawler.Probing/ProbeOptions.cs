namespace Crawler.Probing;

/// <summary>How one URL is probed.</summary>
public sealed record ProbeOptions
{
    /// <summary>Time allowed for one attempt, redirects included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRedirects { get; init; } = 10;

    public string UserAgent { get; init; } = "Crawler/1.0";
}
