using System.Text.RegularExpressions;

namespace Crawler.Documents;

/// <summary>
/// Lines whose links are not checked, marked in the document with HTML comments (which Markdown keeps invisible):
/// <c>&lt;!-- crawler-ignore --&gt;</c> on the line itself, <c>&lt;!-- crawler-ignore-next-line --&gt;</c> on the line
/// before, or every line from <c>&lt;!-- crawler-ignore-start --&gt;</c> to <c>&lt;!-- crawler-ignore-end --&gt;</c>.
/// </summary>
public static partial class IgnoreMarkers
{
    /// <summary>The ignored lines (from 1) of <paramref name="text"/>; empty when it has no markers.</summary>
    public static IReadOnlySet<int> Lines(string text)
    {
        var ignored = new HashSet<int>();
        if (!text.Contains("crawler-ignore", StringComparison.Ordinal))
        {
            return ignored;
        }

        var lines = new LineMap(text);
        int? blockStart = null;
        foreach (Match marker in Marker().Matches(text))
        {
            var (line, _) = lines.At(marker.Index);
            switch (marker.Groups["kind"].Value)
            {
                case "":
                    ignored.Add(line);
                    break;
                case "-next-line":
                    ignored.Add(line + 1);
                    break;
                case "-start":
                    blockStart ??= line;
                    break;
                case "-end" when blockStart is { } start:
                    ignored.UnionWith(Enumerable.Range(start, line - start + 1));
                    blockStart = null;
                    break;
            }
        }

        if (blockStart is { } open)
        {
            // A block left open runs to the end of the document, as an unclosed comment would.
            ignored.UnionWith(Enumerable.Range(open, lines.At(text.Length).Line - open + 1));
        }

        return ignored;
    }

    [GeneratedRegex(@"<!--\s*crawler-ignore(?<kind>-next-line|-start|-end)?\s*-->")]
    private static partial Regex Marker();
}
