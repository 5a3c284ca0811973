using Crawler.Contracts.Batches;

namespace Crawler.Api.Batches;

/// <summary>A batch kind as an API resource: where it lives and what it is called in the reference's words.</summary>
public sealed record BatchResource(BatchKind Kind, string Path, string Noun)
{
    public string Tag => Path["/api/".Length..];
}
