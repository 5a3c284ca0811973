namespace Crawler.Documents.Tests;

public sealed class LocalLinksTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crawler-local-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Files_must_exist_and_with_fragments_on_their_anchors_too()
    {
        File.WriteAllText(Path.Combine(_root, "guide.md"), "# Install\n## Usage\n");
        File.WriteAllText(Path.Combine(_root, "page.html"), "<h1 id=\"top-heading\">x</h1>");
        File.WriteAllText(Path.Combine(_root, "data.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_root, "folder"));
        var checking = new LocalLinks(DocumentKinds.Default, checkFragments: true);
        var trusting = new LocalLinks(DocumentKinds.Default, checkFragments: false);

        Assert.Equal("ok", checking.Check(Path.Combine(_root, "guide.md"), "usage").Outcome);
        Assert.Equal("missing_fragment", checking.Check(Path.Combine(_root, "guide.md"), "nope").Outcome);
        Assert.Equal("ok", checking.Check(Path.Combine(_root, "page.html"), "top-heading").Outcome);
        Assert.Equal("missing_fragment", checking.Check(Path.Combine(_root, "page.html"), "Top-Heading").Outcome);
        Assert.Equal("ok", checking.Check(Path.Combine(_root, "data.json"), "anything").Outcome); // no anchors to know
        Assert.Equal("ok", checking.Check(Path.Combine(_root, "folder"), null).Outcome);
        Assert.Equal("missing_file", checking.Check(Path.Combine(_root, "gone.md"), null).Outcome);
        Assert.Equal("ok", trusting.Check(Path.Combine(_root, "guide.md"), "nope").Outcome);
    }
}
