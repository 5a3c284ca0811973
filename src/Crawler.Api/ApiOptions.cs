namespace Crawler.Api;

/// <summary>Limits of the API, bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>URLs one batch may hold; a larger submission is refused with 413.</summary>
    public int MaxUrlsPerBatch { get; set; } = 1_000_000;

    /// <summary>Largest JSON body (it is parsed whole); larger gets 413.</summary>
    public long MaxJsonBodyBytes { get; set; } = 32L << 20;

    /// <summary>Largest plain-text body (it is streamed, a chunk of URLs at a time); larger gets 413.</summary>
    public long MaxTextBodyBytes { get; set; } = 1L << 30;
}
