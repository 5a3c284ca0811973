namespace Crawler.SyntheticWeb;

/// <summary>Where in a page a URL was written.</summary>
public enum SiteLinkKind
{
    /// <summary><c>a[href]</c></summary>
    Anchor,

    /// <summary><c>img[src]</c></summary>
    Image,

    /// <summary>A candidate of <c>img[srcset]</c></summary>
    ImageSrcset,

    /// <summary>A candidate of <c>picture &gt; source[srcset]</c></summary>
    PictureSource,

    /// <summary><c>link[rel=icon][href]</c></summary>
    Icon,

    /// <summary><c>meta[property=og:image][content]</c></summary>
    OpenGraphImage,
}

/// <summary>
/// One URL of a page: <paramref name="Raw"/> as written in the HTML, <paramref name="Url"/> resolved against
/// the page's base (its <c>&lt;base href&gt;</c> if it has one) with the fragment dropped, or null for a
/// non-http scheme (<c>mailto:</c>, <c>javascript:</c>).
/// </summary>
public sealed record SiteLink(SiteLinkKind Kind, string Raw, string? Url)
{
    public bool IsImage => Kind is not SiteLinkKind.Anchor;
}
