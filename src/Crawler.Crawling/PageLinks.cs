namespace Crawler.Crawling;

/// <summary>
/// What a page points at: pages to visit (<see cref="Links"/>) and images to download (<see cref="Images"/>),
/// each absolute, normalised and listed once in document order; references that cannot be fetched
/// (<see cref="Unfetchable"/>); and whether the page asked robots not to follow its links (<see cref="NoFollow"/>).
/// </summary>
public sealed record PageLinks(
    IReadOnlyList<Uri> Links,
    IReadOnlyList<Uri> Images,
    IReadOnlyList<UnfetchableLink> Unfetchable,
    bool NoFollow);
