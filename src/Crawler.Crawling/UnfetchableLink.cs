namespace Crawler.Crawling;

/// <summary>
/// A reference found on a page that is not requested: another scheme (<c>mailto:</c>, <c>javascript:</c>, <c>data:</c>…,
/// with <see cref="Scheme"/> set) or a malformed URL. <see cref="Url"/> is as written, cut to
/// <see cref="MaxLength"/> characters (inline <c>data:</c> images can be megabytes).
/// </summary>
public sealed record UnfetchableLink(string Url, string? Scheme, string Reason)
{
    public const int MaxLength = 256;

    internal static UnfetchableLink Of(string raw, string? scheme, string reason) =>
        new(raw.Length <= MaxLength ? raw : string.Concat(raw.AsSpan(0, MaxLength - 1), "…"), scheme, reason);
}
