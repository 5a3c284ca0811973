using System.Formats.Tar;
using System.IO.Compression;
using Crawler.Api.Batches;
using Crawler.Contracts.Batches;
using Crawler.Contracts.Documents;
using Crawler.Documents;

namespace Crawler.Api.Documents;

/// <summary>A document of an upload: its path within it (<c>docs/guide.md</c>), kind and text.</summary>
public sealed record UploadedDocument(string Path, DocumentKind Kind, string Text);

/// <summary>
/// What <c>POST /api/documents</c> was sent: documents and, for a tarball, the names of every file of the tree (so a link
/// to an image in it can be checked), with the settings of the check.
/// </summary>
/// <param name="Complete">Whether <paramref name="Files"/> is the whole tree (a tarball), not just its documents (JSON).</param>
public sealed record DocumentUpload(
    IReadOnlyList<UploadedDocument> Documents, IReadOnlySet<string> Files, bool Complete, Uri? BaseUrl, bool IncludeFragments, BatchOptions Options)
{
    public const int MaxDocuments = 10_000;
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    public static bool IsTarball(HttpRequest request) =>
        request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is "application/gzip" or "application/x-gzip" or "application/x-tar" or "application/x-gtar";

    /// <summary>Reads a JSON body (<see cref="DocumentsRequest"/>); a bad one is a 400 naming what is wrong.</summary>
    public static async Task<DocumentUpload> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<DocumentsRequest>(request, "a document check", cancellationToken) ?? throw new BadHttpRequestException("The body is empty.");
        var documents = new List<UploadedDocument>();
        foreach (var document in body.Documents ?? [])
        {
            var path = CleanPath(document.Path);
            var kind = DocumentKinds.Default.Of(path) ?? throw new BadHttpRequestException($"'{document.Path}' is not a document: name it .md, .markdown, .html, .htm or .txt.");
            documents.Add(new UploadedDocument(path, kind, document.Text ?? ""));
        }

        return Checked(new DocumentUpload(
            documents, documents.Select(d => d.Path).ToHashSet(StringComparer.Ordinal), Complete: false, BaseUrlOf(body.BaseUrl), body.IncludeFragments, body.Options ?? BatchOptions.Default));
    }

    /// <summary>Reads a tarball (gzipped or not) of a docs tree, with the check's settings in the query.</summary>
    public static async Task<DocumentUpload> ReadTarballAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var gzipped = request.ContentType!.Contains("gzip", StringComparison.OrdinalIgnoreCase);
        await using var body = gzipped ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        var reader = new TarReader(body);
        var documents = new List<UploadedDocument>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    continue;
                }

                var path = CleanPath(entry.Name);
                files.Add(path);
                if (files.Count > MaxDocuments * 10)
                {
                    throw new BadHttpRequestException($"The tarball holds more than {MaxDocuments * 10} files.");
                }

                if (DocumentKinds.Default.Of(path) is { } kind && entry.DataStream is { } data)
                {
                    if (entry.Length > MaxDocumentBytes)
                    {
                        throw new BadHttpRequestException($"'{path}' is larger than {MaxDocumentBytes} bytes.");
                    }

                    using var text = new StreamReader(data);
                    documents.Add(new UploadedDocument(path, kind, await text.ReadToEndAsync(cancellationToken)));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new BadHttpRequestException($"The body is not a readable tar{(gzipped ? ".gz" : "")}: {e.Message}", e);
        }

        // The check's own settings, then the batch's options from the rest of the query.
        var query = request.Query;
        var batchQuery = new QueryCollection(query.Where(p => p.Key is not ("baseUrl" or "includeFragments")).ToDictionary(p => p.Key, p => p.Value));
        return Checked(new DocumentUpload(
            documents, files, Complete: true, BaseUrlOf(query["baseUrl"]), query["includeFragments"] == "true", BatchSubmission.OptionsFromQuery(batchQuery)));
    }

    private static DocumentUpload Checked(DocumentUpload upload) => upload.Documents.Count switch
    {
        0 => throw new BadHttpRequestException("The upload holds no document (.md, .markdown, .html, .htm or .txt)."),
        > MaxDocuments => throw new BadHttpRequestException($"An upload holds at most {MaxDocuments} documents."),
        _ => upload,
    };

    private static Uri? BaseUrlOf(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new BadHttpRequestException($"baseUrl must be an http or https URL, not '{text}'.");

    /// <summary>A path within the upload, as a relative path with forward slashes; one that climbs out of it is refused.</summary>
    private static string CleanPath(string? path)
    {
        var segments = new List<string>();
        foreach (var segment in (path ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                throw new BadHttpRequestException($"'{path}' climbs out of the upload.");
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return segments.Count > 0 ? string.Join('/', segments) : throw new BadHttpRequestException("A document has no path.");
    }
}
