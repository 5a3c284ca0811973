using AngleSharp.Html.Parser;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crawler.Documents;

/// <summary>
/// The fragments a document answers to. HTML: every <c>id</c> and every <c>a name</c>. Markdown: its headings' ids as
/// GitHub makes them (lower case, punctuation dropped, spaces to hyphens, <c>-1</c>, <c>-2</c> for repeats; Markdig's
/// GitHub identifiers), explicit <c>{#id}</c> attributes, and the ids and names of its raw HTML. An empty fragment and
/// <c>top</c> always exist: browsers scroll to the top for them.
/// </summary>
public sealed class Anchors
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseGenericAttributes()
        .Build();

    private readonly HashSet<string> _ids;

    private Anchors(HashSet<string> ids) => _ids = ids;

    public int Count => _ids.Count;

    public static Anchors Of(string text, DocumentKind kind) => kind switch
    {
        DocumentKind.Markdown => OfMarkdown(text),
        DocumentKind.Html => new Anchors(HtmlIds(text, StringComparer.Ordinal)),
        _ => new Anchors([]),
    };

    /// <summary>The anchors a page was found to have (ids and names, as a server's crawl of it reports them), matched exactly.</summary>
    public static Anchors Listed(IEnumerable<string> ids) => new([.. ids]);

    /// <summary>What a missing_fragment result says: no such anchor in <paramref name="target"/>, or null when it is there.</summary>
    public string? Missing(string fragment, string target) => Has(fragment) ? null : $"no anchor '#{fragment}' in {target}";

    /// <summary>
    /// Whether <paramref name="fragment"/> (as written after <c>#</c>, percent-encoded or not) is here. GitHub's pages
    /// prefix the ids of rendered Markdown with <c>user-content-</c> and find them without it, and so does this.
    /// </summary>
    public bool Has(string fragment)
    {
        var decoded = Uri.UnescapeDataString(fragment);
        return decoded.Length == 0 || decoded.Equals("top", StringComparison.OrdinalIgnoreCase)
            || _ids.Contains(decoded) || _ids.Contains(fragment) || _ids.Contains("user-content-" + decoded);
    }

    private static Anchors OfMarkdown(string markdown)
    {
        // GitHub's anchors are lower case and its pages find them whatever the case of the link.
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in Markdown.Parse(markdown, Pipeline).Descendants())
        {
            switch (node)
            {
                case HeadingBlock heading when heading.GetAttributes().Id is { Length: > 0 } id:
                    ids.Add(id);
                    break;
                case HtmlBlock block:
                    ids.UnionWith(HtmlIds(string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(line => line.ToString())), ids.Comparer));
                    break;
                case HtmlInline inline:
                    ids.UnionWith(HtmlIds(inline.Tag, ids.Comparer));
                    break;
            }
        }

        return new Anchors(ids);
    }

    private static HashSet<string> HtmlIds(string html, IEqualityComparer<string> comparer)
    {
        using var document = Parser.ParseDocument(html);
        var ids = new HashSet<string>(comparer);
        foreach (var element in document.QuerySelectorAll("[id], a[name]"))
        {
            if (element.GetAttribute("id") is { Length: > 0 } id)
            {
                ids.Add(id);
            }

            if (element.LocalName == "a" && element.GetAttribute("name") is { Length: > 0 } name)
            {
                ids.Add(name);
            }
        }

        return ids;
    }
}
