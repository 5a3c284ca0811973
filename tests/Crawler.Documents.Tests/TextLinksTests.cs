namespace Crawler.Documents.Tests;

public sealed class TextLinksTests
{
    [Fact]
    public void Urls_in_prose_end_before_the_punctuation_around_them()
    {
        var links = TextLinks.Extract("Go to https://example.org/a.\n(see https://example.org/wiki/Foo_(bar)) or <https://example.org/c>, \"https://example.org/d\"", "notes.txt");

        Assert.Equal(
            [("https://example.org/a", 1, 7), ("https://example.org/wiki/Foo_(bar)", 2, 6), ("https://example.org/c", 2, 46), ("https://example.org/d", 2, 71)],
            links.Select(l => (l.Reference, l.Location.Line, l.Location.Column)));
    }
}
