namespace Crawler.Documents.Tests;

public sealed class IgnoreMarkersTests
{
    [Fact]
    public void Marked_lines_and_blocks_lose_their_links_and_the_rest_keep_theirs()
    {
        const string markdown = """
            [one](https://example.org/1) <!-- crawler-ignore -->
            <!-- crawler-ignore-next-line -->
            [two](https://example.org/2)
            [three](https://example.org/3)
            <!-- crawler-ignore-start -->
            [four](https://example.org/4)

            [five](https://example.org/5)
            <!-- crawler-ignore-end -->
            [six](https://example.org/6)
            """;

        var links = DocumentLinks.Extract(markdown, DocumentKind.Markdown, "doc.md");

        Assert.Equal(["https://example.org/3", "https://example.org/6"], links.Select(l => l.Reference));
    }

    [Fact]
    public void A_block_left_open_runs_to_the_end()
    {
        Assert.Equal([2, 3, 4], IgnoreMarkers.Lines("a\n<!-- crawler-ignore-start -->\nb\nc").Order());
    }
}
