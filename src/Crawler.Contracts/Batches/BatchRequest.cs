namespace Crawler.Contracts.Batches;

/// <summary>The JSON body of <c>POST /api/checks</c>.</summary>
public sealed record BatchRequest(IReadOnlyList<string>? Urls, BatchOptions? Options);
