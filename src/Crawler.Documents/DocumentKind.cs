namespace Crawler.Documents;

/// <summary>How a document's links are found.</summary>
public enum DocumentKind
{
    /// <summary>CommonMark with GitHub's extensions (Markdig): links, images, references, autolinks, raw HTML.</summary>
    Markdown,

    /// <summary>HTML (AngleSharp): every attribute that loads or links something, and CSS <c>url()</c>.</summary>
    Html,

    /// <summary>Anything else: the http and https URLs in the text.</summary>
    Text,
}

/// <summary>Which files are documents, by extension: <c>.md</c> and <c>.markdown</c>, <c>.html</c> and <c>.htm</c>, <c>.txt</c>.</summary>
public sealed class DocumentKinds
{
    private readonly Dictionary<string, DocumentKind> _byExtension;

    /// <param name="extra">More extensions (without the dot) and how to read them, such as <c>mdx</c> as Markdown.</param>
    public DocumentKinds(IEnumerable<KeyValuePair<string, DocumentKind>>? extra = null)
    {
        _byExtension = new(StringComparer.OrdinalIgnoreCase)
        {
            ["md"] = DocumentKind.Markdown,
            ["markdown"] = DocumentKind.Markdown,
            ["html"] = DocumentKind.Html,
            ["htm"] = DocumentKind.Html,
            ["txt"] = DocumentKind.Text,
        };
        foreach (var (extension, kind) in extra ?? [])
        {
            _byExtension[extension.TrimStart('.')] = kind;
        }
    }

    public static DocumentKinds Default { get; } = new();

    /// <summary>The kind of a file by its extension, or null when it is not a document.</summary>
    public DocumentKind? Of(string path) =>
        _byExtension.TryGetValue(Path.GetExtension(path).TrimStart('.'), out var kind) ? kind : null;

    /// <summary>Parses <c>md</c>, <c>html</c>, <c>txt</c> (and their synonyms) into a kind, for options naming extensions.</summary>
    public static DocumentKind? Parse(string name) => name.Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "md" or "markdown" => DocumentKind.Markdown,
        "html" or "htm" => DocumentKind.Html,
        "txt" or "text" => DocumentKind.Text,
        _ => null,
    };
}
