namespace Crawler.Crawling.Tests;

public sealed class LinkExtractorTests
{
    private static readonly Uri Page = new("http://example.com/dir/page.html");

    private static string[] Texts(IEnumerable<Uri> uris) => [.. uris.Select(u => u.AbsoluteUri)];

    [Fact]
    public void Resolves_relative_links_drops_fragments_trims_and_removes_duplicates_in_order()
    {
        var links = LinkExtractor.Extract(
            """
            <a href="b.html">b</a>
            <a href="  /root#section ">root</a>
            <a href="../up/?q=1#x">up</a>
            <a href="b.html#again">b again</a>
            <a href="//cdn.example.org/x">protocol-relative</a>
            <a href="HTTP://Example.COM:80/root">same as root</a>
            <a href="#top">into this page</a>
            <a href="">empty</a>
            <a>no href</a>
            """,
            Page);

        Assert.Equal(
            ["http://example.com/dir/b.html", "http://example.com/root", "http://example.com/up/?q=1", "http://cdn.example.org/x"],
            Texts(links.Links));
        Assert.Empty(links.Images);
        Assert.Empty(links.Unfetchable);
        Assert.False(links.NoFollow);
    }

    [Fact]
    public void Newlines_and_tabs_inside_a_url_are_removed_as_browsers_do()
    {
        var links = LinkExtractor.Extract("<a href=\"/a\n/b\tc\">x</a>", Page);
        Assert.Equal(["http://example.com/a/bc"], Texts(links.Links));
    }

    [Fact]
    public void The_first_base_href_resolved_against_the_page_is_the_base()
    {
        var links = LinkExtractor.Extract(
            """
            <html><head><base href="/other/"><base href="http://ignored.example/"></head>
            <body><a href="x.html">x</a><img src="i.png"></body></html>
            """,
            Page);

        Assert.Equal(["http://example.com/other/x.html"], Texts(links.Links));
        Assert.Equal(["http://example.com/other/i.png"], Texts(links.Images));
    }

    [Fact]
    public void A_base_href_on_another_host_moves_every_relative_url()
    {
        var links = LinkExtractor.Extract("""<base href="https://static.example.net/v2/"><a href="p">p</a><a href="/abs">a</a>""", Page);
        Assert.Equal(["https://static.example.net/v2/p", "https://static.example.net/abs"], Texts(links.Links));
    }

    [Fact]
    public void Images_come_from_src_srcset_picture_sources_icons_and_open_graph()
    {
        var links = LinkExtractor.Extract(
            """
            <head>
              <link rel="stylesheet" href="/style.css">
              <link rel="Shortcut ICON" href="/favicon.ico">
              <link rel="apple-touch-icon" href="/touch.png">
              <link rel="iconic" href="/not-an-icon.png">
              <meta property="og:image" content=" https://img.example.com/share.jpg ">
              <meta name="description" content="/not-an-image.jpg">
            </head>
            <body>
              <img src="a.png" srcset="a-2x.png 2x, a-3x.png 3x">
              <picture>
                <source srcset="/w/400.webp 400w, /w/800.webp 800w" type="image/webp">
                <img src="fallback.jpg">
              </picture>
              <source srcset="/video-poster.png">
              <img srcset="only-srcset.png">
              <img src="a.png">
            </body>
            """,
            Page);

        Assert.Empty(links.Links);
        Assert.Equal(
            [
                "http://example.com/favicon.ico", "http://example.com/touch.png", "https://img.example.com/share.jpg",
                "http://example.com/dir/a.png", "http://example.com/dir/a-2x.png", "http://example.com/dir/a-3x.png",
                "http://example.com/w/400.webp", "http://example.com/w/800.webp", "http://example.com/dir/fallback.jpg",
                "http://example.com/dir/only-srcset.png",
            ],
            Texts(links.Images));
    }

    [Fact]
    public void Resources_are_what_else_a_page_loads_and_origin_hints_are_not()
    {
        var links = LinkExtractor.Extract(
            """
            <head>
              <link rel="stylesheet" href="/style.css"><link rel="preload" href="/font.woff2" as="font">
              <link rel="preconnect" href="https://fonts.example.com"><link rel="dns-prefetch" href="https://cdn.example.com">
              <script src="app.js"></script>
              <style>body { background: url("bg.png") } .x { background: url(/x.svg) }</style>
            </head>
            <body>
              <iframe src="/embed"></iframe>
              <video src="v.mp4" poster="poster.jpg"><source src="v.webm"><track src="v.vtt"></video>
              <audio src="s.ogg"></audio> <embed src="e.swf"> <object data="o.pdf"></object>
              <div style="background-image: url('div.png')"></div>
              <input type="image" src="go.png"> <img src="data:image/png;base64,AAAA">
              <a href="page.html">a link</a>
            </body>
            """,
            Page);

        Assert.Equal(["http://example.com/dir/page.html"], Texts(links.Links));
        Assert.Equal(["http://example.com/dir/poster.jpg", "http://example.com/dir/go.png"], Texts(links.Images));
        Assert.Equal(
            [
                "http://example.com/style.css", "http://example.com/font.woff2", "http://example.com/dir/app.js", "http://example.com/dir/bg.png",
                "http://example.com/x.svg", "http://example.com/embed", "http://example.com/dir/v.mp4", "http://example.com/dir/v.webm",
                "http://example.com/dir/v.vtt", "http://example.com/dir/s.ogg", "http://example.com/dir/e.swf", "http://example.com/dir/o.pdf",
                "http://example.com/dir/div.png",
            ],
            Texts(links.Resources));
        Assert.Single(links.Unfetchable); // the data: image
    }

    [Fact]
    public void Links_naming_a_fragment_are_kept_with_it_the_pages_own_too()
    {
        var links = LinkExtractor.Extract("""<a href="#top">top</a> <a href="other.html#part">p</a> <a href="other.html#part">again</a> <a href="https://x.test/#">none</a> <img src="a.png#x"> <a href="mailto:a@b.c#x">m</a>""", Page);

        Assert.Equal(["http://example.com/dir/page.html#top", "http://example.com/dir/other.html#part"], links.Fragments);
    }

    [Fact]
    public void Anchors_are_the_ids_and_the_names_of_anchors_each_once()
    {
        var links = LinkExtractor.Extract("""<h1 id="top">x</h1><a name="old"></a><p name="not-an-anchor" id="para"></p><div id="top"></div><a id="both" name="both2"></a>""", Page);

        Assert.Equal(["top", "old", "para", "both", "both2"], links.Anchors);
    }

    [Fact]
    public void Other_schemes_are_reported_with_their_scheme_and_not_fetched()
    {
        var links = LinkExtractor.Extract(
            """
            <p>Write to <a href="mailto:someone@example.com">us</a>, <button><a href="javascript:void(0)">click</a></button>
            or call <a href="tel:+441234">the office</a>. Files: <a href="ftp://files.example.com/f">ftp</a>.
            <a href="MAILTO:someone@example.com">Mail, other spelling</a> <img src="data:image/png;base64,iVBORw0KGgo="> <a href="/fine">fine</a>
            """,
            Page);

        Assert.Equal(["http://example.com/fine"], Texts(links.Links));
        Assert.Empty(links.Images);
        Assert.Equal(["mailto", "javascript", "tel", "ftp", "mailto", "data"], links.Unfetchable.Select(u => u.Scheme));
        Assert.Equal("unsupported scheme 'javascript'", links.Unfetchable[1].Reason);
        Assert.Equal("javascript:void(0)", links.Unfetchable[1].Url);
    }

    [Fact]
    public void A_huge_data_url_is_reported_cut_short()
    {
        var links = LinkExtractor.Extract($"<img src=\"data:image/png;base64,{new string('A', 100_000)}\">", Page);
        var reported = Assert.Single(links.Unfetchable);
        Assert.Equal(UnfetchableLink.MaxLength, reported.Url.Length);
        Assert.StartsWith("data:image/png;base64,AAA", reported.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_urls_are_reported_as_invalid()
    {
        var links = LinkExtractor.Extract("""<a href="http://exa mple.com/">bad host</a><a href="http://[::1/">bad ip</a><a href="ok">ok</a>""", Page);
        Assert.Equal(["http://example.com/dir/ok"], Texts(links.Links));
        Assert.Equal(2, links.Unfetchable.Count);
        Assert.All(links.Unfetchable, u => Assert.Equal("http", u.Scheme));
    }

    [Theory]
    [InlineData("""<meta name="robots" content="noindex, nofollow">""", true)]
    [InlineData("""<meta name="ROBOTS" content="NoFollow">""", true)]
    [InlineData("""<meta name="robots" content="none">""", true)]
    [InlineData("""<meta name="robots" content="noindex">""", false)]
    [InlineData("""<meta name="googlebot" content="nofollow">""", false)]
    public void Robots_meta_nofollow_is_exposed(string head, bool noFollow)
    {
        var links = LinkExtractor.Extract($"<head>{head}</head><a href=/x>x</a>", Page);
        Assert.Equal(noFollow, links.NoFollow);
        Assert.Single(links.Links);
    }

    [Fact]
    public void Broken_html_still_yields_its_links()
    {
        var links = LinkExtractor.Extract("<div><a href='/one'>one<p><a href=/two>two</table><img src=x.gif>", Page);
        Assert.Equal(["http://example.com/one", "http://example.com/two"], Texts(links.Links));
        Assert.Equal(["http://example.com/dir/x.gif"], Texts(links.Images));
    }

    [Fact]
    public void Image_map_areas_are_links_and_international_hosts_use_punycode()
    {
        var links = LinkExtractor.Extract("""<map><area href="http://bücher.example/k" shape="rect"></map>""", Page);
        Assert.Equal(["http://xn--bcher-kva.example/k"], Texts(links.Links));
    }

    [Fact]
    public void A_page_with_more_references_than_kept_keeps_the_first_in_order_and_counts_the_rest_once_each()
    {
        var html = string.Concat(Enumerable.Range(0, 50).Select(i => $"<a href=\"/p{i}\">p</a><a href=\"/p{i}\">again</a><img src=\"/i{i}.png\">"));

        var links = LinkExtractor.Extract(html, Page, maxLinks: 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"http://example.com/p{i}"), Texts(links.Links));
        Assert.Equal(10, links.Images.Count);
        Assert.Equal(40 + 40, links.Cut); // each cut link and image once, however often it appears
    }
}
