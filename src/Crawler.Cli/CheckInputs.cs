using Crawler.Documents;

namespace Crawler.Cli;

/// <summary>A document to read links from: how it is shown (a path relative to the current folder), its full path and kind.</summary>
public sealed record Document(string Source, string FullPath, DocumentKind Kind);

/// <summary>A URL to check as it is, and where it was named (an argument, or a line of a list).</summary>
public sealed record ListedUrl(string Url, SourceLocation Location);

/// <summary>
/// What <c>crawler check</c> was given, sorted: URLs (arguments, lines of URL lists, standard input) and documents (Markdown
/// and HTML files, folders walked for documents, globs). A file is a document by its extension; any other file is a
/// list of URLs, one a line.
/// </summary>
public sealed record CheckInputs(IReadOnlyList<ListedUrl> Urls, IReadOnlyList<Document> Documents)
{
    public const string ArgumentsSource = "(arguments)";

    public static async Task<CheckInputs> ReadAsync(IReadOnlyList<string> arguments, DiscoveryOptions discovery, TextReader standardInput, CancellationToken cancellationToken)
    {
        var kinds = discovery.Kinds ?? DocumentKinds.Default;
        var urls = new List<ListedUrl>();
        var documents = new List<Document>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "-")
            {
                urls.AddRange(await UrlInputs.ReadLinesAsync(standardInput, "-", cancellationToken));
            }
            else if (UrlInputs.IsUrl(argument) && !File.Exists(argument))
            {
                urls.Add(new ListedUrl(argument, new SourceLocation(ArgumentsSource, i + 1, 1)));
            }
            else if (Directory.Exists(argument))
            {
                documents.AddRange(DocumentFiles.InDirectory(argument, discovery).Select(path => Of(path, kinds.Of(path)!.Value)));
            }
            else if (File.Exists(argument))
            {
                // A .txt named on its own is a list of URLs, as it always was; found in a folder it is a document.
                if (kinds.Of(argument) is { } kind && kind != DocumentKind.Text)
                {
                    documents.Add(Of(argument, kind));
                }
                else
                {
                    using var file = File.OpenText(argument);
                    urls.AddRange(await UrlInputs.ReadLinesAsync(file, DisplayPath(Path.GetFullPath(argument)), cancellationToken));
                }
            }
            else if (DocumentFiles.IsGlob(argument))
            {
                var matched = DocumentFiles.Matching(argument, discovery).Select(path => Of(path, kinds.Of(path)!.Value)).ToList();
                documents.AddRange(matched.Count > 0 ? matched : throw new CrawlerCliException($"'{argument}' matches no documents."));
            }
            else
            {
                throw new CrawlerCliException($"'{argument}' is neither a URL, a file, a folder nor a glob that matches anything.");
            }
        }

        // A file named twice, or found by a folder and a glob, is read once.
        documents = [.. documents.DistinctBy(document => document.FullPath)];
        return urls.Count > 0 || documents.Count > 0
            ? new CheckInputs(urls, documents)
            : throw new CrawlerCliException("No URLs and no documents: give URLs, files of URLs (one a line), - for standard input, or Markdown and HTML files, folders and globs.");
    }

    /// <summary>A path as people read it: relative to the current folder when it is below it.</summary>
    public static string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }

    private static Document Of(string path, DocumentKind kind)
    {
        var full = Path.GetFullPath(path);
        return new Document(DisplayPath(full), full, kind);
    }
}
