using System.Text.Json.Serialization;

namespace Crawler.Contracts.Batches;

/// <summary>
/// What a batch does with its URLs, chosen by the endpoint it was submitted to and kept in its record: every layer
/// switches on it once (the API's resource, the host's reader, the batch's crawl expansion).
/// </summary>
[GenerateSerializer]
[Alias("crawler.batches.kind")]
public enum BatchKind
{
    /// <summary><c>/api/checks</c>: each URL's status, redirects and time; bodies are read only as far as the check needs.</summary>
    [JsonStringEnumMemberName("check")] Check,

    /// <summary><c>/api/downloads</c>: a check that also keeps every good answer's body in the content store.</summary>
    [JsonStringEnumMemberName("download")] Download,

    /// <summary><c>/api/crawls</c>: the URLs are seeds, and the links of the pages found are followed.</summary>
    [JsonStringEnumMemberName("crawl")] Crawl,
}
