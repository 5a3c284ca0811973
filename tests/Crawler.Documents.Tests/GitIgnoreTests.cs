namespace Crawler.Documents.Tests;

public sealed class GitIgnoreTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "repo");

    [Theory]
    [InlineData("build/", "build", true, true)]
    [InlineData("build/", "build", false, null)]
    [InlineData("build/", "docs/build", true, true)]
    [InlineData("/build", "docs/build", true, null)]
    [InlineData("*.log", "a/b/c.log", false, true)]
    [InlineData("docs/*.md", "docs/a.md", false, true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false, null)]
    [InlineData("docs/**/*.md", "docs/sub/deep/a.md", false, true)]
    [InlineData("**/temp", "x/y/temp", true, true)]
    [InlineData("out/**", "out/a/b.md", false, true)]
    [InlineData("draft?.md", "draft1.md", false, true)]
    [InlineData("[ab].md", "c.md", false, null)]
    [InlineData("[!ab].md", "c.md", false, true)]
    public void A_pattern_matches_as_git_matches_it(string pattern, string path, bool isDirectory, bool? expected)
    {
        var ignore = new GitIgnore(Root, [pattern]);

        Assert.Equal(expected, ignore.Decides(Path.Combine(Root, path), isDirectory));
    }

    [Fact]
    public void The_last_matching_pattern_decides_and_a_bang_takes_a_path_back()
    {
        var ignore = new GitIgnore(Root, ["# comment", "", "*.md", "!keep.md", "keep.md.bak"]);

        Assert.True(ignore.Decides(Path.Combine(Root, "drop.md"), false));
        Assert.False(ignore.Decides(Path.Combine(Root, "sub", "keep.md"), false));
        Assert.Null(ignore.Decides(Path.Combine(Root, "notes.txt"), false));
        Assert.Null(ignore.Decides(Path.Combine(Path.GetTempPath(), "elsewhere.md"), false));
    }
}
