namespace Crawler.Cli.Tests;

/// <summary>
/// A docs tree written for a test: Markdown and HTML with relative, root-relative and absolute links, good and broken
/// fragments, ignored links, a .gitignore'd folder and a hidden one. <see cref="Expected"/> is its ground truth: the
/// outcome of each link at its file, line and column.
/// </summary>
public sealed class DocsTree : IDisposable
{
    public DocsTree(Func<int, string, string> url)
    {
        Root = Directory.CreateTempSubdirectory("crawler-docs-tree-").FullName;
        Ok = url(0, "/ok");
        NotFound = url(1, "/status/404");
        ServerError = url(2, "/status/500");
        Write("README.md", $"""
            # Readme Title

            Start with [the guide](docs/guide.md) and [install](docs/guide.md#install).
            A [bad anchor](docs/guide.md#nope) and [a missing page](docs/gone.md).
            The [site page](/docs/page.html) and [a good URL]({Ok}).
            A [broken URL]({NotFound}) and ![an image]({ServerError}).
            Mail [us](mailto:team@example.org); [self](#readme-title); [self, wrong](#no-such-heading).
            <!-- crawler-ignore-next-line -->
            [ignored]({url(1, "/status/410")})

                [in code](https://in-code.invalid/)
            """);
        Write("docs/guide.md", $"""
            # Install

            ## Usage

            The same [broken URL]({NotFound}) again, and [back](../README.md#readme-title).
            """);
        Write("docs/page.html", """
            <!doctype html>
            <html><body>
            <h2 id="part">Part</h2>
            <a href="guide.md#usage">usage</a> <img src="missing.png">
            <a href="#part">here</a> <a href="#nothing">nowhere</a>
            </body></html>
            """);
        Write(".gitignore", "build/\n");
        Write("build/out.md", "[never read](gone-too.md)");
        Write(".hidden/notes.md", "[never read](gone-too.md)");
    }

    public string Root { get; }

    public string Ok { get; }

    public string NotFound { get; }

    public string ServerError { get; }

    /// <summary>Each link: file (relative to the root, '/'), line, column, as written, outcome.</summary>
    public IReadOnlyList<(string File, int Line, int Column, string Link, string Outcome)> Expected =>
    [
        ("README.md", 3, 12, "docs/guide.md", "ok"),
        ("README.md", 3, 43, "docs/guide.md#install", "ok"),
        ("README.md", 4, 3, "docs/guide.md#nope", "missing_fragment"),
        ("README.md", 4, 40, "docs/gone.md", "missing_file"),
        ("README.md", 5, 5, "/docs/page.html", "ok"),
        ("README.md", 5, 38, Ok, "ok"),
        ("README.md", 6, 3, NotFound, "http_error"),
        ("README.md", 6, 22 + NotFound.Length, ServerError, "http_error"),
        ("README.md", 7, 6, "mailto:team@example.org", "excluded"),
        ("README.md", 7, 37, "#readme-title", "ok"),
        ("README.md", 7, 60, "#no-such-heading", "missing_fragment"),
        ("docs/guide.md", 5, 10, NotFound, "http_error"),
        ("docs/guide.md", 5, 36 + NotFound.Length, "../README.md#readme-title", "ok"),
        ("docs/page.html", 4, 1, "guide.md#usage", "ok"),
        ("docs/page.html", 4, 36, "missing.png", "missing_file"),
        ("docs/page.html", 5, 1, "#part", "ok"),
        ("docs/page.html", 5, 26, "#nothing", "missing_fragment"),
    ];

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
