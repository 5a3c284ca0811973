using Crawler.Contracts.Batches;

namespace Crawler.Formats;

/// <summary>What a report says of one result in a sentence: the URL, what went wrong and the status when there was one.</summary>
internal static class LinkMessages
{
    public static string Of(UrlResult result) =>
        result.Status is { } status
            ? $"{result.Url}: {result.Error ?? Outcomes.Describe(result.Outcome)} (HTTP status {status})"
            : $"{result.Url}: {result.Error ?? Outcomes.Describe(result.Outcome)}";
}
