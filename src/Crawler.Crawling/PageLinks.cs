namespace Crawler.Crawling;

/// <summary>
/// What a page points at: pages to visit (<see cref="Links"/>) and images to download (<see cref="Images"/>),
/// each absolute, normalised and listed once in document order; references that cannot be fetched
/// (<see cref="Unfetchable"/>); whether the page asked robots not to follow its links (<see cref="NoFollow"/>); and how many
/// references were left out because the page had more than the extractor keeps (<see cref="Cut"/>).
/// </summary>
public sealed record PageLinks(
    IReadOnlyList<Uri> Links,
    IReadOnlyList<Uri> Images,
    IReadOnlyList<UnfetchableLink> Unfetchable,
    bool NoFollow,
    int Cut = 0)
{
    /// <summary>What else the page loads (stylesheets, scripts, frames, media, CSS <c>url()</c>): checked, never followed.</summary>
    public IReadOnlyList<Uri> Resources { get; init; } = [];

    /// <summary>The page's anchors (ids, and names of <c>a</c>), in document order, each once; at most as many as its links.</summary>
    public IReadOnlyList<string> Anchors { get; init; } = [];

    /// <summary>The page's links that name a fragment (<c>https://host/page#part</c>, the page's own <c>#part</c> too), each once, at most as many as its links.</summary>
    public IReadOnlyList<string> Fragments { get; init; } = [];
}
