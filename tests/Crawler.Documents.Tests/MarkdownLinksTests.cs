namespace Crawler.Documents.Tests;

public sealed class MarkdownLinksTests
{
    [Fact]
    public void Every_kind_of_Markdown_link_is_found_at_its_line_and_column()
    {
        const string markdown = """
            # Title

            See [the guide](guide.md#install) and ![logo](img/logo.png "Logo").
            A [reference link][ref] and an autolink <https://example.org/auto>.
            A bare URL: https://example.org/bare and `https://example.org/in-code`.

            ```
            [not a link](https://example.org/in-block)
            ```

            <a href="https://example.org/raw-block">raw</a>

            Inline <img src="inline.png"> html.

            [ref]: https://example.org/ref
            """;

        var links = MarkdownLinks.Extract(markdown, "doc.md");

        Assert.Equal(
            [
                ("guide.md#install", 3, 5), ("img/logo.png", 3, 39), ("https://example.org/ref", 4, 3),
                ("https://example.org/auto", 4, 41), ("https://example.org/bare", 5, 13),
                ("https://example.org/raw-block", 11, 1), ("inline.png", 13, 8),
            ],
            links.Select(l => (l.Reference, l.Location.Line, l.Location.Column)));
        Assert.All(links, link => Assert.Equal("doc.md", link.Location.Source));
    }

    [Fact]
    public void Lines_keep_their_numbers_with_windows_line_endings()
    {
        var links = MarkdownLinks.Extract("one\r\ntwo\r\n\r\n[x](https://example.org/x)\r\n", "crlf.md");

        Assert.Equal(("https://example.org/x", 4, 1), (links.Single().Reference, links.Single().Location.Line, links.Single().Location.Column));
    }
}
