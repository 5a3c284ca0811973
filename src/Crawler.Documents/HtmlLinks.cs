using AngleSharp.Html.Parser;
using Crawler.Crawling;

namespace Crawler.Documents;

/// <summary>
/// Every reference an HTML document makes that a reader would follow or a browser would load — links, images and
/// resources, as <see cref="HtmlReferences"/> tells them — each located at its element's tag, and CSS <c>url()</c> of
/// style elements at its own line. <c>data:</c> and <c>javascript:</c> references and empty ones are left out.
/// </summary>
public static class HtmlLinks
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsKeepingSourceReferences = true, IsScripting = false });

    public static IReadOnlyList<DocumentLink> Extract(string html, string source) =>
        [.. Find(html).Select(found => new DocumentLink(found.Reference, new SourceLocation(source, found.Line, found.Column)))];

    /// <summary>The references of <paramref name="html"/> (a whole page or a fragment), at lines and columns from 1 within it.</summary>
    internal static IEnumerable<(string Reference, int Line, int Column)> Find(string html)
    {
        using var document = Parser.ParseDocument(html);
        foreach (var element in document.QuerySelectorAll($"{HtmlReferences.Selector}, style"))
        {
            var position = element.SourceReference?.Position;
            var (line, column) = position is { } p ? (p.Line, p.Column) : (1, 1);
            foreach (var (raw, _) in HtmlReferences.Of(element))
            {
                if (Keep(raw) is { } reference)
                {
                    yield return (reference, line, column);
                }
            }

            if (element.LocalName == "style")
            {
                // A style element's urls are placed by the lines of its text, which starts where its tag ends.
                var css = element.TextContent;
                foreach (var (url, index) in HtmlReferences.CssUrls(css))
                {
                    var before = css.AsSpan(0, index);
                    var newlines = before.Count('\n');
                    var lineStart = before.LastIndexOf('\n') + 1;
                    if (Keep(url) is { } reference)
                    {
                        yield return (reference, line + newlines, newlines == 0 ? column : index - lineStart + 1);
                    }
                }
            }
        }
    }

    private static string? Keep(string raw)
    {
        var reference = LinkExtractor.Clean(raw);
        return reference.Length == 0 || LinkExtractor.SchemeOf(reference) is "data" or "javascript" ? null : reference;
    }
}
