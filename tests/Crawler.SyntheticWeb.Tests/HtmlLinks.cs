using System.Text.RegularExpressions;

namespace Crawler.SyntheticWeb.Tests;

/// <summary>
/// A deliberately independent reading of the site's HTML (its attributes are always double-quoted): what the
/// served bytes link to, resolved as a browser would, to hold the ground truth against.
/// </summary>
internal static partial class HtmlLinks
{
    public static (List<string> Pages, List<string> Images, List<string> NonHttp) Read(Uri page, string html)
    {
        var baseHref = BaseHref().Match(html);
        var baseUri = baseHref.Success ? new Uri(page, baseHref.Groups[1].Value) : page;
        var pages = new List<string>();
        var images = new List<string>();
        var nonHttp = new List<string>();

        void Add(List<string> list, string raw)
        {
            var resolved = new Uri(baseUri, System.Net.WebUtility.HtmlDecode(raw));
            if (resolved.Scheme is "http" or "https")
            {
                list.Add(resolved.GetLeftPart(UriPartial.Query));
            }
            else
            {
                nonHttp.Add(raw);
            }
        }

        foreach (Match m in Anchor().Matches(html))
        {
            Add(pages, m.Groups[1].Value);
        }

        foreach (Match m in Src().Matches(html))
        {
            Add(images, m.Groups[1].Value);
        }

        foreach (Match m in Srcset().Matches(html))
        {
            foreach (var candidate in m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                Add(images, candidate.Split(' ')[0]);
            }
        }

        foreach (Match m in Icon().Matches(html))
        {
            Add(images, m.Groups[1].Value);
        }

        foreach (Match m in OpenGraph().Matches(html))
        {
            Add(images, m.Groups[1].Value);
        }

        return (pages, images, nonHttp);
    }

    [GeneratedRegex("<base href=\"([^\"]*)\"")]
    private static partial Regex BaseHref();

    [GeneratedRegex("<a href=\"([^\"]*)\"")]
    private static partial Regex Anchor();

    [GeneratedRegex("<img src=\"([^\"]*)\"")]
    private static partial Regex Src();

    [GeneratedRegex(" srcset=\"([^\"]*)\"")]
    private static partial Regex Srcset();

    [GeneratedRegex("<link rel=\"icon\" href=\"([^\"]*)\"")]
    private static partial Regex Icon();

    [GeneratedRegex("<meta property=\"og:image\" content=\"([^\"]*)\"")]
    private static partial Regex OpenGraph();
}
