namespace Crawler.Grains.Crawls;

/// <summary>What a crawl holds a URL for: a page to read for links, an image to download, or a resource to check.</summary>
internal enum CrawlRole
{
    Page,
    Image,
    Resource,
}
