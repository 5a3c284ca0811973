namespace Crawler.Documents.Tests;

public sealed class HtmlLinksTests
{
    [Fact]
    public void Every_attribute_that_links_or_loads_is_found_and_data_and_origin_hints_are_not()
    {
        const string html = """
            <!doctype html>
            <html><head>
            <link rel="stylesheet" href="/style.css"><link rel="preconnect" href="https://fonts.example">
            <script src="app.js"></script>
            <style>
              body { background: url('bg.png'); }
            </style>
            </head><body>
            <a href="page.html#part">a</a> <area href="map.html">
            <img src="a.png" srcset="a-2x.png 2x, a-3x.png 3x"> <img src="data:image/png;base64,AAAA">
            <picture><source srcset="b.webp"></picture>
            <video src="v.mp4" poster="v.jpg"><track src="v.vtt"></video> <audio src="s.ogg"></audio>
            <iframe src="frame.html"></iframe> <embed src="e.swf"> <object data="o.pdf"></object>
            <input type="image" src="go.png"> <input type="text" src="not.png">
            <div style="background-image: url(div.png)"></div> <a href="javascript:void(0)">js</a>
            </body></html>
            """;

        var links = HtmlLinks.Extract(html, "page.html");

        Assert.Equal(
            ["/style.css", "app.js", "bg.png", "page.html#part", "map.html", "a.png", "a-2x.png", "a-3x.png", "b.webp",
             "v.mp4", "v.jpg", "v.vtt", "s.ogg", "frame.html", "e.swf", "o.pdf", "go.png", "div.png"],
            links.Select(l => l.Reference));
        Assert.Equal((3, 1), Position(links, "/style.css"));
        Assert.Equal((6, 22), Position(links, "bg.png"));
        Assert.Equal((9, 32), Position(links, "map.html"));
        Assert.Equal((10, 1), Position(links, "a-3x.png"));
    }

    private static (int, int) Position(IReadOnlyList<DocumentLink> links, string reference) =>
        links.Where(l => l.Reference == reference).Select(l => (l.Location.Line, l.Location.Column)).Single();
}
