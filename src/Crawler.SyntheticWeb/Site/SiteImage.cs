namespace Crawler.SyntheticWeb;

/// <summary>An image URL and what it serves: <paramref name="ContentType"/> as sent, the bytes in <paramref name="Content"/>.</summary>
public sealed record SiteImage(string Url, string ContentType, SiteImageContent Content)
{
    public string Sha256 => Content.Sha256;

    public long Length => Content.Length;

    /// <summary>The type the bytes really are (from their magic number).</summary>
    public string ActualContentType => Content.Format.ContentType();

    /// <summary>Content-Type says one thing, the bytes another.</summary>
    public bool LiesAboutType => !string.Equals(ContentType, ActualContentType, StringComparison.Ordinal);
}
