namespace Crawler.SyntheticWeb;

/// <summary>
/// A page as served (<paramref name="Html"/>) and what it holds (<paramref name="Links"/>, in document order,
/// resolved), made from the same description so the two cannot disagree.
/// </summary>
public sealed record SitePage(string Url, string Title, string? BaseHref, IReadOnlyList<SiteLink> Links, string Html)
{
    /// <summary>Resolved http(s) URLs of the page's <c>a[href]</c>, fragments dropped, duplicates kept.</summary>
    public IEnumerable<string> PageLinks => Links.Where(l => l.Kind == SiteLinkKind.Anchor && l.Url is not null).Select(l => l.Url!);

    /// <summary>Resolved URLs of every image the page refers to, in any of the ways a page can.</summary>
    public IEnumerable<string> ImageLinks => Links.Where(l => l.IsImage && l.Url is not null).Select(l => l.Url!);
}
