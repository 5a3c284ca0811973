namespace Crawler.Documents;

/// <summary>A link as written in a document (<paramref name="Reference"/>, trimmed as browsers trim it) and where.</summary>
public sealed record DocumentLink(string Reference, SourceLocation Location);
