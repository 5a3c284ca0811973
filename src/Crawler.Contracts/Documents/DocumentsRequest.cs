using Crawler.Contracts.Batches;

namespace Crawler.Contracts.Documents;

/// <summary>A document sent as text: its path within the upload (<c>docs/guide.md</c>), which also tells its kind, and its text.</summary>
public sealed record DocumentText(string Path, string Text);

/// <summary>
/// The JSON body of <c>POST /api/documents</c>: documents as text, what their root-relative and relative links start from,
/// whether fragments are checked, and the options of the batch that checks their URLs.
/// </summary>
public sealed record DocumentsRequest(
    IReadOnlyList<DocumentText>? Documents,
    string? BaseUrl = null,
    bool IncludeFragments = false,
    BatchOptions? Options = null);
