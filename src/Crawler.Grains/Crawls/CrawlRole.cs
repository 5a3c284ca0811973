namespace Crawler.Grains.Crawls;

/// <summary>
/// What a crawl holds a URL for: a page to read for links, an image to download, a resource to check, or a link with a
/// fragment whose page must have that anchor.
/// </summary>
internal enum CrawlRole
{
    Page,
    Image,
    Resource,
    Fragment,
}
