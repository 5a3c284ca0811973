using System.Text.RegularExpressions;

namespace Crawler.Cli;

/// <summary>
/// The URLs named on the command line: each argument is a URL (anything with a scheme), a file of URLs (one a line;
/// blank lines and <c>#</c> comments skipped), or <c>-</c> for standard input.
/// </summary>
public static partial class UrlInputs
{
    public static async Task<List<string>> ReadAsync(IEnumerable<string> arguments, TextReader standardInput, CancellationToken cancellationToken)
    {
        var urls = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument == "-")
            {
                urls.AddRange((await ReadLinesAsync(standardInput, "-", cancellationToken)).Select(u => u.Url));
            }
            else if (File.Exists(argument))
            {
                using var file = File.OpenText(argument);
                urls.AddRange((await ReadLinesAsync(file, argument, cancellationToken)).Select(u => u.Url));
            }
            else if (IsUrl(argument))
            {
                urls.Add(argument);
            }
            else
            {
                throw new CrawlerCliException($"'{argument}' is neither a URL nor a file.");
            }
        }

        return urls.Count > 0 ? urls : throw new CrawlerCliException("No URLs: give URLs, files of URLs (one a line) or - for standard input.");
    }

    /// <summary>A URL, as opposed to a file name: it starts with a scheme (<c>https:</c>, <c>mailto:</c>).</summary>
    public static bool IsUrl(string argument) => Scheme().IsMatch(argument);

    /// <summary>The URLs of a list, one a line (blank lines and <c>#</c> comments skipped), each with its line and column in <paramref name="source"/>.</summary>
    public static async Task<List<ListedUrl>> ReadLinesAsync(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var urls = new List<ListedUrl>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            var url = line.Trim();
            if (url.Length > 0 && !url.StartsWith('#'))
            {
                urls.Add(new ListedUrl(url, new Documents.SourceLocation(source, number, line.IndexOf(url[0], StringComparison.Ordinal) + 1)));
            }
        }

        return urls;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
