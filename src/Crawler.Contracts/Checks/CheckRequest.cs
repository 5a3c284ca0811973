namespace Crawler.Contracts.Checks;

/// <summary>The JSON body of <c>POST /api/checks</c>.</summary>
public sealed record CheckRequest(IReadOnlyList<string>? Urls, CheckOptions? Options);
