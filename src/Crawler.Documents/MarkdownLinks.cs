using Crawler.Crawling;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crawler.Documents;

/// <summary>
/// The links of a Markdown document, as GitHub would render them (Markdig, CommonMark with GitHub's autolinks): inline
/// links and images, reference links (at the place they are used), autolinks and bare URLs, and whatever raw HTML
/// blocks and inline tags reference (<see cref="HtmlLinks"/>). Code spans and code blocks hold no links.
/// </summary>
public static class MarkdownLinks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().UseAutoLinks().Build();

    public static IReadOnlyList<DocumentLink> Extract(string markdown, string source)
    {
        var lines = new LineMap(markdown);
        var links = new List<DocumentLink>();
        foreach (var node in Markdown.Parse(markdown, Pipeline).Descendants())
        {
            switch (node)
            {
                case LinkInline { Url: { } url } link:
                    Add(url, link.Span.Start);
                    break;
                case AutolinkInline autolink:
                    Add(autolink.IsEmail ? $"mailto:{autolink.Url}" : autolink.Url, autolink.Span.Start);
                    break;
                case HtmlBlock or HtmlInline when node.Span.Length > 0 && node.Span.End < markdown.Length:
                    var (line, column) = lines.At(node.Span.Start);
                    foreach (var found in HtmlLinks.Find(markdown.Substring(node.Span.Start, node.Span.Length)))
                    {
                        links.Add(new DocumentLink(found.Reference,
                            new SourceLocation(source, line + found.Line - 1, found.Line == 1 ? column + found.Column - 1 : found.Column)));
                    }

                    break;
            }
        }

        return links;

        void Add(string url, int offset)
        {
            var reference = LinkExtractor.Clean(url);
            if (reference.Length > 0)
            {
                var (line, column) = lines.At(offset);
                links.Add(new DocumentLink(reference, new SourceLocation(source, line, column)));
            }
        }
    }
}
