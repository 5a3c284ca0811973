namespace Crawler.Contracts.Documents;

/// <summary>
/// A link of an uploaded document: where it was written and how; and either the index of its URL in the check batch
/// (<paramref name="UrlIndex"/> from 0) or, for a link within the upload (-1), its target and the outcome found there.
/// <paramref name="Fragment"/>: the fragment of a URL's link, when fragments are checked.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.documents.located-link")]
public sealed record LocatedLink(
    [property: Id(0)] string Source,
    [property: Id(1)] int Line,
    [property: Id(2)] int Column,
    [property: Id(3)] string Reference,
    [property: Id(4)] int UrlIndex,
    [property: Id(5)] string? Target = null,
    [property: Id(6)] string? Outcome = null,
    [property: Id(7)] string? Error = null,
    [property: Id(8)] string? Fragment = null);
