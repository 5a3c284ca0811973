namespace Crawler.Downloads;

/// <summary>
/// Content in a content store: its SHA-256 (lower-case hex, also its name), size in bytes, image type as told by its
/// bytes (null: not an image this engine knows), where it is, and whether it was there already (the same bytes,
/// stored before from another URL or by another writer).
/// </summary>
public sealed record StoredContent(string Sha256, long Size, ImageType? ImageType, string Path, bool AlreadyStored);
