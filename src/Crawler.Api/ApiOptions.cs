namespace Crawler.Api;

/// <summary>Limits of the API, bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>URLs one batch may hold; a larger submission is refused with 413.</summary>
    public int MaxUrlsPerBatch { get; set; } = 1_000_000;
}
