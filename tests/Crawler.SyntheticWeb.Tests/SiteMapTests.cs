using System.Security.Cryptography;

namespace Crawler.SyntheticWeb.Tests;

/// <summary>The ground truth itself: what a full crawl of the site holds, without a server.</summary>
public sealed class SiteMapTests
{
    private static readonly Uri[] Hosts = [new("http://127.0.0.2:8099/"), new("http://127.0.0.3:8099/"), new("http://127.0.0.4:8099/"), new("http://127.0.0.5:8099/")];

    private static SiteMap Site(int seed = 1, int pages = 50, int images = 20) =>
        new(new SyntheticWebOptions { Addresses = [], SiteSeed = seed, SitePages = pages, SiteImages = images }, Hosts);

    [Fact]
    public void A_full_crawl_finds_every_linked_page_of_every_host_and_no_orphan_or_private_page()
    {
        var site = Site();
        var crawl = site.Crawl(site.Seed);
        var linked = Hosts.Select((_, h) => h).SelectMany(h =>
            Enumerable.Range(0, site.LinkedPagesPerHost).Select(n => site.Page(h, n))
                .Concat(Enumerable.Range(1, site.DeepChain).Select(k => site.Deep(h, k)))
                .Select(u => u.AbsoluteUri));
        Assert.Equal(linked.Order(), crawl.Pages.Keys.Order());
        Assert.Empty(crawl.Pages.Keys.Intersect(site.OrphanPages));
        Assert.Equal(site.PrivatePages.Order(), crawl.Blocked.Order());
        Assert.Equal(site.DistinctImages, crawl.DistinctImages);
        Assert.Contains("mailto:webmaster@synthetic.test", crawl.NonHttpLinks);
        Assert.Contains("javascript:void(0)", crawl.NonHttpLinks);
        Assert.All(crawl.Fetched, url => Assert.DoesNotContain('#', url));
    }

    [Fact]
    public void Ignoring_robots_finds_the_private_pages_too()
    {
        var site = Site();
        var crawl = site.Crawl(site.Seed, new SiteCrawlRules { ObeyRobots = false });
        Assert.Empty(crawl.Blocked);
        Assert.Subset(crawl.Pages.Keys.ToHashSet(), site.PrivatePages.ToHashSet());
        Assert.Equal(site.AllPages.Count - site.OrphanPages.Count, crawl.Pages.Count);
    }

    [Fact]
    public void Sitemaps_as_seeds_find_the_orphans()
    {
        var site = Site();
        var crawl = site.Crawl(Enumerable.Range(0, Hosts.Length).Select(site.Sitemap));
        Assert.Subset(crawl.Pages.Keys.ToHashSet(), site.OrphanPages.ToHashSet());
        Assert.Equal(2 * Hosts.Length, crawl.Sitemaps.Count);
        Assert.All(site.OrphanPages, orphan => Assert.Equal(0, crawl.Pages[orphan]));
    }

    [Fact]
    public void Sitemaps_listed_in_robots_find_the_orphans_from_a_page_seed()
    {
        var site = Site();
        var crawl = site.Crawl(site.Seed, new SiteCrawlRules { SitemapsFromRobots = true });
        Assert.Subset(crawl.Pages.Keys.ToHashSet(), site.OrphanPages.ToHashSet());
        Assert.Equal(site.AllPages.Count - site.PrivatePages.Count, crawl.Pages.Count);
        Assert.Equal(0, crawl.Pages[site.Seed.AbsoluteUri]);
        Assert.Equal(0, crawl.Pages[site.Page(0, 1).AbsoluteUri]); // listed in the sitemap of the seed's host
        Assert.Equal(1, crawl.Pages[site.Deep(0, 1).AbsoluteUri]);
    }

    [Fact]
    public void Depth_scope_cycles_and_the_deep_chain()
    {
        var site = Site();
        var all = site.Crawl(site.Seed);
        Assert.Equal(30, all.Pages[site.Deep(0, 30).AbsoluteUri]);
        Assert.Equal(1, all.Pages[site.Page(1, 0).AbsoluteUri]);

        var shallow = site.Crawl(site.Seed, new SiteCrawlRules { MaxDepth = 2 });
        Assert.All(shallow.Pages.Values, depth => Assert.InRange(depth, 0, 2));
        Assert.Contains(site.Deep(0, 3).AbsoluteUri, shallow.TooDeep);
        Assert.DoesNotContain(site.Deep(0, 3).AbsoluteUri, shallow.Pages.Keys);

        var oneHost = site.Crawl(site.Seed, new SiteCrawlRules { Scope = u => u.Host == "127.0.0.2" });
        Assert.All(oneHost.Pages.Keys, p => Assert.StartsWith("http://127.0.0.2:8099/", p, StringComparison.Ordinal));
        Assert.Contains(site.Page(1, 0).AbsoluteUri, oneHost.OutOfScope);
        Assert.Equal(site.LinkedPagesPerHost + site.DeepChain, oneHost.Pages.Count);

        // Every page links back to page 0 of its host: from anywhere, the whole site.
        foreach (var n in new[] { 7, 23, 44 })
        {
            Assert.Equal(all.Pages.Keys.Order(), site.Crawl(site.Page(2, n)).Pages.Keys.Order());
        }
    }

    [Fact]
    public void Pages_show_every_kind_of_link()
    {
        var site = Site();
        var crawl = site.Crawl(site.Seed);
        var links = crawl.Pages.Keys.SelectMany(p => site.PageAt(new Uri(p))!.Links).ToList();
        foreach (var kind in Enum.GetValues<SiteLinkKind>())
        {
            Assert.Contains(links, l => l.Kind == kind);
        }

        Assert.Contains(links, l => l.Raw.StartsWith("../", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Raw.Contains('#', StringComparison.Ordinal) && l.Url is not null);
        Assert.Contains(crawl.Pages.Keys, p => site.PageAt(new Uri(p))!.BaseHref is not null);
        Assert.Contains(crawl.Images.Keys, i => i.Contains("/site/alias/", StringComparison.Ordinal));
        Assert.NotEmpty(crawl.Redirects);
        Assert.NotEmpty(crawl.Missing);
        var cut = crawl.ImageFoundOn[site.Cut(0).AbsoluteUri];
        Assert.Equal([site.Page(0, site.SpecialPage).AbsoluteUri], cut);
    }

    [Fact]
    public void The_same_seed_makes_the_same_site_and_another_seed_another()
    {
        var a = Site(seed: 7);
        var b = Site(seed: 7);
        var c = Site(seed: 8);
        Assert.Equal(a.PageAt(a.Page(1, 5))!.Html, b.PageAt(b.Page(1, 5))!.Html);
        Assert.Equal(a.Images[5].Sha256, b.Images[5].Sha256);
        Assert.NotEqual(a.Images[5].Sha256, c.Images[5].Sha256);
        Assert.NotEqual(a.PageAt(a.Page(1, 5))!.Html, c.PageAt(c.Page(1, 5))!.Html);
    }

    [Fact]
    public void Image_bytes_have_magic_numbers_sizes_and_hashes()
    {
        var site = Site(images: 8);
        byte[][] magic = [[0x89, 0x50, 0x4E, 0x47], [0xFF, 0xD8, 0xFF], "GIF8"u8.ToArray(), "RIFF"u8.ToArray()];
        foreach (var image in site.Images)
        {
            var bytes = image.ToArray();
            Assert.Equal(magic[(int)image.Format], bytes[..magic[(int)image.Format].Length]);
            Assert.InRange(bytes.Length, 20 * 1024 * 3 / 4, 20 * 1024 * 5 / 4);
            Assert.Equal(image.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            var middle = new byte[1000];
            image.Fill(1234, middle);
            Assert.Equal(bytes[1234..2234], middle);
        }

        Assert.Equal(8, site.Images.Select(i => i.Sha256).Distinct().Count());
        Assert.Equal(SiteImageFormat.Jpeg, site.LiarImage.Format);
        Assert.Equal(64L << 20, site.HugeImage.Length);
    }

    [Fact]
    public void Every_image_is_on_a_linked_page_whatever_the_sizes()
    {
        foreach (var (pages, images) in new[] { (1, 1), (2, 50), (50, 500), (3, 7) })
        {
            var site = Site(pages: pages, images: images);
            Assert.Equal(site.DistinctImages, site.Crawl(site.Seed).DistinctImages);
        }
    }
}
