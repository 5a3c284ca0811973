namespace Crawler.Cli;

/// <summary>
/// <c>.crawlerignore</c> in the current folder: one regular expression a line (blank lines and <c>#</c> comments skipped)
/// for links never to check, as lychee's <c>.lycheeignore</c>. They join <c>--exclude</c>.
/// </summary>
public static class CrawlerIgnore
{
    public const string FileName = ".crawlerignore";

    public static IReadOnlyList<string> Patterns(string directory)
    {
        var path = Path.Join(directory, FileName);
        return File.Exists(path)
            ? [.. File.ReadLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))]
            : [];
    }
}
