namespace Crawler.SyntheticWeb;

/// <summary>What a site URL answers: the one description both the routes and the ground truth read.</summary>
internal abstract record SiteResource
{
    private SiteResource()
    {
    }

    /// <summary>200, text/html.</summary>
    public sealed record Page(SitePage Content) : SiteResource;

    /// <summary><paramref name="Status"/> (301, 302) with Location <paramref name="Location"/> (as sent) that resolves to <paramref name="Target"/>.</summary>
    public sealed record Redirect(int Status, string Location, string Target) : SiteResource;

    /// <summary>An image, served with <paramref name="ContentType"/> and full Range support; <paramref name="CutFirst"/>: the
    /// first GET from byte 0 of each URL sends half the bytes and drops the connection.</summary>
    public sealed record Image(SiteImageContent Content, string ContentType, bool CutFirst) : SiteResource;

    /// <summary>robots.txt.</summary>
    public sealed record Text(string ContentType, string Body) : SiteResource;

    /// <summary>A sitemap index or urlset, with the URLs it lists.</summary>
    public sealed record Sitemap(string Xml, IReadOnlyList<string> Locations) : SiteResource;

    /// <summary>404.</summary>
    public sealed record NotFound : SiteResource
    {
        public static NotFound Instance { get; } = new();
    }
}
