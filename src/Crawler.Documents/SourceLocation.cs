namespace Crawler.Documents;

/// <summary>Where a link was written: the document (a path as given, or <c>-</c> for standard input), line and column from 1.</summary>
public sealed record SourceLocation(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
