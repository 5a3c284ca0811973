namespace Crawler.Contracts.Batches;

/// <summary>
/// A body kept in the content store: its SHA-256 (lower-case hex, also its name there), size, the image type its
/// bytes show (null when they are not an image Crawler knows) next to the type the server declared, and whether
/// the same bytes were stored already (from another URL, or an earlier job), and whether it was completed by asking
/// for the rest of a download cut off before (an HTTP range request).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("crawler.batches.downloaded-file")]
public sealed record DownloadedFile(
    [property: Id(0)] string Sha256,
    [property: Id(1)] long Bytes,
    [property: Id(2)] string? Type,
    [property: Id(3)] string? DeclaredType,
    [property: Id(4)] bool AlreadyStored,
    [property: Id(5)] bool Resumed = false);
