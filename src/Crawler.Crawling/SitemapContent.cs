namespace Crawler.Crawling;

/// <summary>
/// What a sitemap lists: <see cref="Pages"/> (of a url set or a text sitemap) and <see cref="Sitemaps"/> (of an index),
/// normalised and in order; how many entries were not usable http(s) URLs (<see cref="Skipped"/>); and, when the
/// sitemap was broken or too large, what went wrong (<see cref="Error"/>) — the lists then hold what came before it.
/// </summary>
public sealed record SitemapContent(
    SitemapKind Kind,
    IReadOnlyList<Uri> Pages,
    IReadOnlyList<Uri> Sitemaps,
    int Skipped,
    string? Error);
