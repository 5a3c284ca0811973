namespace Crawler.Documents.Tests;

public sealed class LinkResolverTests
{
    private static readonly string Docs = Path.Combine(Path.GetTempPath(), "site", "docs");
    private static readonly string Page = Path.Combine(Docs, "guide", "page.md");

    [Fact]
    public void Relative_links_resolve_against_the_documents_folder_decoded_and_without_their_query()
    {
        var resolver = new LinkResolver(new ResolverSettings());

        Assert.Equal(new LinkTarget(TargetKind.Local, Path.Combine(Docs, "other file.md"), "part"), resolver.Resolve("../other%20file.md?plain=1#part", Page));
        Assert.Equal(new LinkTarget(TargetKind.ThisDocument, "", "usage"), resolver.Resolve("#usage", Page));
        Assert.Equal(TargetKind.Invalid, resolver.Resolve("/abs.md", Page).Kind); // no root folder, no base URL
        Assert.Equal(TargetKind.Invalid, resolver.Resolve("rel.md", documentPath: null).Kind);
        Assert.Equal(new LinkTarget(TargetKind.Remote, "https://example.org/a?b=1", "c"), resolver.Resolve("https://example.org/a?b=1#c", Page));
        Assert.Equal(new LinkTarget(TargetKind.Remote, "https://cdn.example.org/x.js"), resolver.Resolve("//cdn.example.org/x.js", Page));
        Assert.Equal(TargetKind.Unchecked, resolver.Resolve("mailto:team@example.org", Page).Kind);
    }

    [Fact]
    public void Root_relative_links_go_to_the_root_folder_else_the_base_url()
    {
        var root = Path.Combine(Path.GetTempPath(), "site");

        Assert.Equal(new LinkTarget(TargetKind.Local, Path.Combine(root, "img", "a.png")), new LinkResolver(new ResolverSettings(RootDirectory: root)).Resolve("/img/a.png", Page));
        Assert.Equal(new LinkTarget(TargetKind.Remote, "https://example.org/img/a.png"), new LinkResolver(new ResolverSettings(BaseUrl: new Uri("https://example.org/docs/"))).Resolve("/img/a.png", Page));
        Assert.Equal(new LinkTarget(TargetKind.Remote, "https://example.org/docs/a.md"), new LinkResolver(new ResolverSettings(BaseUrl: new Uri("https://example.org/docs/"))).Resolve("a.md", documentPath: null));
    }

    [Fact]
    public void A_remap_sends_a_url_to_a_preview_or_to_a_local_folder()
    {
        var local = Path.Combine(Path.GetTempPath(), "public");
        var resolver = new LinkResolver(new ResolverSettings(Remaps:
        [
            Remap.Parse(@"^https://example\.org/docs/(.*)$ https://preview.example.org/docs/$1"),
            Remap.Parse($@"^https://example\.org/static/(.*)$ {local}/$1"),
        ]));

        Assert.Equal(new LinkTarget(TargetKind.Remote, "https://preview.example.org/docs/a", "b"), resolver.Resolve("https://example.org/docs/a#b", Page));
        Assert.Equal(new LinkTarget(TargetKind.Local, Path.Combine(local, "x.css")), resolver.Resolve("https://example.org/static/x.css", Page));
        Assert.Equal(new LinkTarget(TargetKind.Remote, "https://example.org/other"), resolver.Resolve("https://example.org/other", Page));
        Assert.Throws<FormatException>(() => Remap.Parse("only-a-pattern"));
        Assert.Throws<FormatException>(() => Remap.Parse("([ x"));
    }
}
