namespace Crawler.Documents.Tests;

public sealed class AnchorsTests
{
    [Fact]
    public void Markdown_headings_answer_to_githubs_slugs_and_explicit_anchors_count()
    {
        const string markdown = """
            # Getting Started!
            ## API & CLI: v2.0
            ## Getting Started!
            ### Custom {#my-id}
            <a name="legacy"></a>
            Text with <span id="inline-anchor">x</span>.
            """;

        var anchors = Anchors.Of(markdown, DocumentKind.Markdown);

        Assert.True(anchors.Has("getting-started"));
        Assert.True(anchors.Has("getting-started-1"));
        Assert.True(anchors.Has("api--cli-v20"));
        Assert.True(anchors.Has("my-id"));
        Assert.True(anchors.Has("legacy"));
        Assert.True(anchors.Has("inline-anchor"));
        Assert.True(anchors.Has("Getting-Started")); // GitHub finds anchors whatever the link's case
        Assert.True(anchors.Has("top"));
        Assert.False(anchors.Has("getting-started-2"));
        Assert.False(anchors.Has("installation"));
    }

    [Fact]
    public void Html_answers_to_ids_and_anchor_names_in_their_case()
    {
        var anchors = Anchors.Of("<h2 id=\"Usage\">Usage</h2><a name=\"old%20name\"></a><p name=\"not-an-anchor\"></p>", DocumentKind.Html);

        Assert.True(anchors.Has("Usage"));
        Assert.False(anchors.Has("usage"));
        Assert.True(anchors.Has("old%20name"));
        Assert.False(anchors.Has("not-an-anchor"));
        Assert.True(anchors.Has(""));
    }
}
