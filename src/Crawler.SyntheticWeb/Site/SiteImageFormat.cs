namespace Crawler.SyntheticWeb;

/// <summary>The image formats the site serves, each with its own magic number.</summary>
public enum SiteImageFormat
{
    Png,
    Jpeg,
    Gif,
    Webp,
}

public static class SiteImageFormats
{
    /// <summary>The extension used in URLs: png, jpg, gif, webp.</summary>
    public static string Extension(this SiteImageFormat format) => format switch
    {
        SiteImageFormat.Png => "png",
        SiteImageFormat.Jpeg => "jpg",
        SiteImageFormat.Gif => "gif",
        SiteImageFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ContentType(this SiteImageFormat format) => format switch
    {
        SiteImageFormat.Png => "image/png",
        SiteImageFormat.Jpeg => "image/jpeg",
        SiteImageFormat.Gif => "image/gif",
        SiteImageFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Regular image <paramref name="id"/>'s format: png, jpeg, gif, webp in turn.</summary>
    public static SiteImageFormat ForId(int id) => (SiteImageFormat)(id % 4);
}
