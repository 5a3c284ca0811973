using System.Text.RegularExpressions;

namespace Crawler.Documents;

/// <summary>
/// The http and https URLs in plain text. A URL ends at whitespace, quotes or angle brackets; punctuation that ends a
/// sentence is not part of it, nor is a closing parenthesis it did not open.
/// </summary>
public static partial class TextLinks
{
    public static IReadOnlyList<DocumentLink> Extract(string text, string source)
    {
        var lines = new LineMap(text);
        var links = new List<DocumentLink>();
        foreach (Match match in Url().Matches(text))
        {
            var url = Trim(match.Value);
            var (line, column) = lines.At(match.Index);
            links.Add(new DocumentLink(url, new SourceLocation(source, line, column)));
        }

        return links;
    }

    private static string Trim(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '*' or '_'
                || (last == ')' && url.Count(c => c == ')') > url.Count(c => c == '('))
                || (last == ']' && url.Count(c => c == ']') > url.Count(c => c == '[')))
            {
                url = url[..^1];
            }
            else
            {
                return url;
            }
        }

        return url;
    }

    [GeneratedRegex("""https?://[^\s<>"'`{}|\\^]+""", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
