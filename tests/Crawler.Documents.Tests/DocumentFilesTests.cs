namespace Crawler.Documents.Tests;

public sealed class DocumentFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crawler-docs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_folder_is_walked_as_git_sees_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Write(".gitignore", "build/\n*.draft.md\n");
        Write("README.md", "");
        Write("notes.txt", "");
        Write("image.png", "");
        Write("docs/guide.md", "");
        Write("docs/page.html", "");
        Write("docs/wip.draft.md", "");
        Write("docs/.gitignore", "private/\n!wip.draft.md\n");
        Write("docs/private/secret.md", "");
        Write("build/out.html", "");
        Write(".github/workflow.md", "");
        Write(".git/HEAD.md", "");

        var visible = Relative(DocumentFiles.InDirectory(_root, new DiscoveryOptions()));
        var everything = Relative(DocumentFiles.InDirectory(_root, new DiscoveryOptions(Hidden: true, NoIgnore: true)));
        var below = Relative(DocumentFiles.InDirectory(Path.Combine(_root, "docs"), new DiscoveryOptions()));

        Assert.Equal(["README.md", "notes.txt", "docs/guide.md", "docs/page.html", "docs/wip.draft.md"], visible);
        Assert.Equal([".github/workflow.md", "README.md", "build/out.html", "docs/guide.md", "docs/page.html", "docs/private/secret.md", "docs/wip.draft.md", "notes.txt"], Sort(everything));
        Assert.Equal(["docs/guide.md", "docs/page.html", "docs/wip.draft.md"], below); // the root's .gitignore still counts
    }

    [Fact]
    public void A_glob_takes_the_documents_it_matches()
    {
        Write("docs/a.md", "");
        Write("docs/sub/b.md", "");
        Write("docs/sub/c.html", "");
        Write("docs/.hidden/d.md", "");
        Write("e.md", "");
        Write("docs/.gitignore", "generated/\n");
        Write("docs/generated/f.md", "");

        Assert.Equal(["docs/a.md", "docs/sub/b.md"], Relative(DocumentFiles.Matching(Path.Combine(_root, "docs/**/*.md"), new DiscoveryOptions())));
        Assert.Equal(["docs/.hidden/d.md", "docs/a.md", "docs/generated/f.md", "docs/sub/b.md"], Relative(DocumentFiles.Matching(Path.Combine(_root, "docs/**/*.md"), new DiscoveryOptions(Hidden: true, NoIgnore: true))));
        Assert.True(DocumentFiles.IsGlob("docs/**/*.md"));
        Assert.False(DocumentFiles.IsGlob("docs/guide.md"));
    }

    private static List<string> Sort(List<string> paths) => [.. paths.Order(StringComparer.Ordinal)];

    private List<string> Relative(IEnumerable<string> paths) => [.. paths.Select(p => Path.GetRelativePath(_root, p).Replace('\\', '/'))];

    private void Write(string path, string text)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
