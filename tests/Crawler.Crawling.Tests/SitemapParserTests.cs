using System.IO.Compression;
using System.Text;

namespace Crawler.Crawling.Tests;

public sealed class SitemapParserTests
{
    private const string UrlSet =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
          <!-- a comment -->
          <url>
            <loc>
               http://example.com/a
            </loc>
            <lastmod>2024-01-01</lastmod>
            <image:image><image:loc>http://example.com/photo.jpg</image:loc></image:image>
          </url>
          <url><loc>http://example.com/b?x=1&amp;y=2</loc></url>
          <url><loc>HTTP://EXAMPLE.com:80/a#frag</loc></url>
          <url><loc>not a url</loc></url>
          <url><loc>ftp://example.com/file</loc></url>
        </urlset>
        """;

    private static string[] Texts(IEnumerable<Uri> uris) => [.. uris.Select(u => u.AbsoluteUri)];

    private static MemoryStream Gzip(string text)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        compressed.Position = 0;
        return compressed;
    }

    [Fact]
    public void A_url_set_gives_its_pages_trimmed_decoded_normalised_and_once_each()
    {
        var sitemap = SitemapParser.Parse(UrlSet);
        Assert.Equal(SitemapKind.UrlSet, sitemap.Kind);
        Assert.Equal(["http://example.com/a", "http://example.com/b?x=1&y=2"], Texts(sitemap.Pages));
        Assert.Empty(sitemap.Sitemaps);
        Assert.Equal(2, sitemap.Skipped);
        Assert.Null(sitemap.Error);
    }

    [Fact]
    public void A_sitemap_index_gives_its_child_sitemaps()
    {
        var sitemap = SitemapParser.Parse(
            """
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>http://example.com/sitemap-1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
              <sitemap><loc>http://example.com/sitemap-2.xml.gz</loc></sitemap>
            </sitemapindex>
            """);
        Assert.Equal(SitemapKind.Index, sitemap.Kind);
        Assert.Empty(sitemap.Pages);
        Assert.Equal(["http://example.com/sitemap-1.xml", "http://example.com/sitemap-2.xml.gz"], Texts(sitemap.Sitemaps));
    }

    [Fact]
    public void Sitemaps_without_the_namespace_are_read_too() =>
        Assert.Single(SitemapParser.Parse("<urlset><url><loc>http://example.com/</loc></url></urlset>").Pages);

    [Fact]
    public async Task Gzip_is_told_from_the_bytes_and_unpacked()
    {
        using var compressed = Gzip(UrlSet);
        var sitemap = await SitemapParser.ParseAsync(compressed, TestContext.Current.CancellationToken);
        Assert.Equal(["http://example.com/a", "http://example.com/b?x=1&y=2"], Texts(sitemap.Pages));
        Assert.Null(sitemap.Error);
    }

    [Fact]
    public async Task Broken_gzip_is_reported_not_thrown()
    {
        using var compressed = Gzip(UrlSet);
        var bytes = compressed.ToArray();
        bytes[20] ^= 0xff;
        bytes[21] ^= 0xff;
        var sitemap = await SitemapParser.ParseAsync(new MemoryStream(bytes[..40]), TestContext.Current.CancellationToken);
        Assert.NotNull(sitemap.Error);
    }

    [Fact]
    public void A_cut_sitemap_gives_what_came_before_the_cut_and_says_why()
    {
        var sitemap = SitemapParser.Parse("<urlset><url><loc>http://example.com/1</loc></url><url><loc>http://example.com/2</loc></url><url><loc>http://exa");
        Assert.Equal(["http://example.com/1", "http://example.com/2"], Texts(sitemap.Pages));
        Assert.StartsWith("malformed", sitemap.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body>Not found</body></html>", "not a sitemap: the root element is <html>")]
    [InlineData("<urlset><url><loc>http://example.com/</loc></url></urlset><extra/>", "malformed")]
    [InlineData("<<<>>>", "malformed")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><urlset><url><loc>&x;</loc></url></urlset>", "malformed")]
    public void Bad_xml_is_reported_never_thrown(string text, string error)
    {
        var sitemap = SitemapParser.Parse(text);
        Assert.StartsWith(error, sitemap.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_is_no_sitemap()
    {
        var sitemap = SitemapParser.Parse("  \n ");
        Assert.Equal(SitemapKind.Unknown, sitemap.Kind);
        Assert.Empty(sitemap.Pages);
        Assert.Equal("malformed: Root element is missing.", sitemap.Error);
    }

    [Fact]
    public void A_text_sitemap_lists_one_url_a_line()
    {
        var sitemap = SitemapParser.Parse("\uFEFFhttp://example.com/1\r\n\r\n  http://example.com/2  \nnonsense\n");
        Assert.Equal(SitemapKind.Text, sitemap.Kind);
        Assert.Equal(["http://example.com/1", "http://example.com/2"], Texts(sitemap.Pages));
        Assert.Equal(1, sitemap.Skipped);
    }

    [Fact]
    public void Entries_past_fifty_thousand_are_ignored_and_said_so()
    {
        var xml = new StringBuilder("<urlset>");
        for (var i = 0; i < SitemapParser.MaxEntries + 5; i++)
        {
            xml.Append("<url><loc>http://example.com/").Append(i).Append("</loc></url>");
        }

        var sitemap = SitemapParser.Parse(xml.Append("</urlset>").ToString());
        Assert.Equal(SitemapParser.MaxEntries, sitemap.Pages.Count);
        Assert.Equal("more than 50,000 entries: the rest are ignored", sitemap.Error);

        var exactly = SitemapParser.Parse(string.Join('\n', Enumerable.Range(0, SitemapParser.MaxEntries).Select(i => $"http://example.com/{i}")));
        Assert.Equal(SitemapParser.MaxEntries, exactly.Pages.Count);
        Assert.Null(exactly.Error);
    }

    [Fact]
    public async Task More_than_fifty_megabytes_unpacked_is_cut_there_even_from_a_small_gzip()
    {
        var bomb = new StringBuilder("<urlset><url><loc>http://example.com/first</loc></url>");
        bomb.Append(' ', (int)SitemapParser.MaxBytes).Append("<url><loc>http://example.com/late</loc></url></urlset>");
        using var compressed = Gzip(bomb.ToString());
        Assert.True(compressed.Length < 1024 * 1024);

        var sitemap = await SitemapParser.ParseAsync(compressed, TestContext.Current.CancellationToken);
        Assert.Equal(["http://example.com/first"], Texts(sitemap.Pages));
        Assert.Equal("larger than 50 MB: the rest is ignored", sitemap.Error);
    }
}
