using Crawler.Contracts.Batches;
using Crawler.Documents;

namespace Crawler.Formats.Links;

/// <summary>One link of a document — where it is and how it was written — and the result of checking its target.</summary>
/// <param name="Result">The target's result; one URL written in 40 places is checked once and shares its result.</param>
public sealed record LinkCheck(SourceLocation Location, string Reference, UrlResult Result);
