using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Crawler.Crawling;

namespace Crawler.Documents;

/// <summary>
/// Every reference an HTML document makes that a reader would follow or a browser would load: <c>a</c>, <c>area</c>,
/// <c>link</c> (not <c>preconnect</c> or <c>dns-prefetch</c>, which name an origin), <c>img</c> (src, srcset),
/// <c>source</c>, <c>script</c>, <c>iframe</c>, <c>frame</c>, <c>video</c> (src, poster), <c>audio</c>, <c>track</c>,
/// <c>embed</c>, <c>object</c>, <c>input type=image</c>, and CSS <c>url()</c> in style attributes and style elements.
/// Each is located at its element's tag. <c>data:</c> and <c>javascript:</c> references and empty ones are left out.
/// </summary>
public static partial class HtmlLinks
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsKeepingSourceReferences = true, IsScripting = false });

    private static readonly (string Element, string Attribute)[] Attributes =
    [
        ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
        ("source", "srcset"), ("script", "src"), ("iframe", "src"), ("frame", "src"), ("video", "src"), ("video", "poster"),
        ("audio", "src"), ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
    ];

    private static readonly string Selector = string.Join(", ", Attributes.Select(a => a.Element).Distinct().Append("[style]").Append("style"));

    public static IReadOnlyList<DocumentLink> Extract(string html, string source) =>
        [.. Find(html).Select(found => new DocumentLink(found.Reference, new SourceLocation(source, found.Line, found.Column)))];

    /// <summary>The references of <paramref name="html"/> (a whole page or a fragment), at lines and columns from 1 within it.</summary>
    internal static IEnumerable<(string Reference, int Line, int Column)> Find(string html)
    {
        using var document = Parser.ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(Selector))
        {
            var position = element.SourceReference?.Position;
            var (line, column) = position is { } p ? (p.Line, p.Column) : (1, 1);
            foreach (var reference in References(element))
            {
                yield return (reference, line, column);
            }

            if (element.LocalName == "style")
            {
                // A style element's urls are placed by the lines of its text, which starts where its tag ends.
                var css = element.TextContent;
                foreach (Match url in CssUrl().Matches(css))
                {
                    var before = css.AsSpan(0, url.Index);
                    var newlines = before.Count('\n');
                    var lineStart = before.LastIndexOf('\n') + 1;
                    if (Keep(url.Groups["url"].Value) is { } reference)
                    {
                        yield return (reference, line + newlines, newlines == 0 ? column : url.Index - lineStart + 1);
                    }
                }
            }
        }
    }

    private static IEnumerable<string> References(IElement element)
    {
        foreach (var (name, attribute) in Attributes)
        {
            if (element.LocalName != name || element.GetAttribute(attribute) is not { } value)
            {
                continue;
            }

            if (name == "link" && IsOriginHint(element.GetAttribute("rel")))
            {
                continue;
            }

            if (name == "input" && !string.Equals(element.GetAttribute("type"), "image", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var raw in attribute == "srcset" ? SrcSet.Urls(value) : [value])
            {
                if (Keep(raw) is { } reference)
                {
                    yield return reference;
                }
            }
        }

        if (element.GetAttribute("style") is { } style)
        {
            foreach (Match url in CssUrl().Matches(style))
            {
                if (Keep(url.Groups["url"].Value) is { } reference)
                {
                    yield return reference;
                }
            }
        }
    }

    private static string? Keep(string raw)
    {
        var reference = LinkExtractor.Clean(raw);
        return reference.Length == 0 || LinkExtractor.SchemeOf(reference) is "data" or "javascript" ? null : reference;
    }

    private static bool IsOriginHint(string? rel) =>
        rel is not null && rel.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(token => token.Equals("preconnect", StringComparison.OrdinalIgnoreCase) || token.Equals("dns-prefetch", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("""url\(\s*(?<quote>['"]?)(?<url>[^'")]*?)\k<quote>\s*\)""", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
