namespace Crawler.Crawling;

public enum SitemapKind
{
    /// <summary>Nothing recognisable: not a sitemap, or broken before its root element.</summary>
    Unknown,

    /// <summary>A <c>&lt;urlset&gt;</c>: page URLs.</summary>
    UrlSet,

    /// <summary>A <c>&lt;sitemapindex&gt;</c>: URLs of further sitemaps.</summary>
    Index,

    /// <summary>A plain-text sitemap: one page URL a line.</summary>
    Text,
}
