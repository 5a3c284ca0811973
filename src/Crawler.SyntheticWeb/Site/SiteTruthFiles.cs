using System.Globalization;
using System.Text;

namespace Crawler.SyntheticWeb;

/// <summary>The ground truth of a full crawl from <see cref="SiteMap.Seed"/>, as files for scripts (benchmarks).</summary>
public static class SiteTruthFiles
{
    /// <summary>
    /// Writes to <paramref name="directory"/>: <c>pages.txt</c> (every page a crawl from the seed that obeys
    /// robots.txt fetches, sorted), <c>images.txt</c> (one URL per distinct image, spread over the hosts: a download
    /// list), <c>images.tsv</c> (the same URLs with the SHA-256 and length of their bytes) and <c>image-urls.tsv</c> (every image URL that crawl finds: url, sha256, bytes, content-type as
    /// served, type of the bytes).
    /// </summary>
    public static void Write(SiteMap site, string directory)
    {
        ArgumentNullException.ThrowIfNull(site);
        Directory.CreateDirectory(directory);
        var crawl = site.Crawl(site.Seed);
        File.WriteAllLines(Path.Combine(directory, "pages.txt"), crawl.Pages.Keys.Order(StringComparer.Ordinal));
        var distinct = Enumerable.Range(0, site.ImageCount).Select(id => site.Image(id % site.Hosts.Count, id).AbsoluteUri);
        if (site.SpecialImagesLinked)
        {
            distinct = distinct.Concat([site.Liar(0).AbsoluteUri, site.Huge(0).AbsoluteUri, site.Cut(0).AbsoluteUri]);
        }

        File.WriteAllLines(Path.Combine(directory, "images.txt"), distinct);
        File.WriteAllLines(Path.Combine(directory, "images.tsv"), distinct.Select(url => site.ImageAt(new Uri(url)) is { } image
            ? string.Create(CultureInfo.InvariantCulture, $"{url}\t{image.Sha256}\t{image.Length}")
            : url));
        var tsv = new StringBuilder("url\tsha256\tbytes\tcontent_type\tactual_type\n");
        foreach (var image in crawl.Images.Values.OrderBy(i => i.Url, StringComparer.Ordinal))
        {
            tsv.Append(CultureInfo.InvariantCulture, $"{image.Url}\t{image.Sha256}\t{image.Length}\t{image.ContentType}\t{image.ActualContentType}\n");
        }

        File.WriteAllText(Path.Combine(directory, "image-urls.tsv"), tsv.ToString());
    }
}
