namespace Crawler.Documents;

/// <summary>The links of a document of any kind, less those on lines its <see cref="IgnoreMarkers"/> leave out.</summary>
public static class DocumentLinks
{
    public static IReadOnlyList<DocumentLink> Extract(string text, DocumentKind kind, string source)
    {
        var links = kind switch
        {
            DocumentKind.Markdown => MarkdownLinks.Extract(text, source),
            DocumentKind.Html => HtmlLinks.Extract(text, source),
            _ => TextLinks.Extract(text, source),
        };
        var ignored = IgnoreMarkers.Lines(text);
        return ignored.Count == 0 ? links : [.. links.Where(link => !ignored.Contains(link.Location.Line))];
    }
}
