using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Finds the links and images of an HTML page with a standards-compliant parser (AngleSharp): <c>a[href]</c> and
/// <c>area[href]</c> as links; <c>img[src]</c>, <c>img[srcset]</c>, <c>picture &gt; source[srcset]</c>, icons
/// (<c>link</c> whose <c>rel</c> holds <c>icon</c> or a <c>…-icon</c> token such as <c>apple-touch-icon</c>) and
/// <c>og:image</c> as images. URLs resolve against the first <c>&lt;base href&gt;</c>, else the page.
/// A bare <c>#fragment</c> points into the page itself and is not reported. At most <c>maxLinks</c> links, images and
/// unfetchable references each are kept (in document order); how many more there were is counted (<see cref="PageLinks.Cut"/>),
/// so a hostile page of a million links costs a count, not a million URLs.
/// </summary>
public static class LinkExtractor
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly string[] OpenGraphImage = ["og:image", "og:image:url", "og:image:secure_url"];

    public const int DefaultMaxLinks = 100_000;

    public static PageLinks Extract(string html, Uri pageUrl, int maxLinks = DefaultMaxLinks)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        using var document = Parser.ParseDocument(html);
        var found = new Collector(BaseOf(document, pageUrl), maxLinks);

        foreach (var anchor in document.QuerySelectorAll("a[href], area[href]"))
        {
            found.Link(anchor.GetAttribute("href")!);
        }

        foreach (var element in document.QuerySelectorAll("img, picture > source, link[rel][href], meta[property][content]"))
        {
            switch (element.LocalName)
            {
                case "img":
                    found.Image(element.GetAttribute("src"));
                    found.ImageSet(element.GetAttribute("srcset"));
                    break;
                case "source":
                    found.ImageSet(element.GetAttribute("srcset"));
                    break;
                case "link" when IsIcon(element.GetAttribute("rel")!):
                    found.Image(element.GetAttribute("href"));
                    break;
                case "meta" when OpenGraphImage.Contains(element.GetAttribute("property")!.Trim(), StringComparer.OrdinalIgnoreCase):
                    found.Image(element.GetAttribute("content"));
                    break;
            }
        }

        return found.Result(IsNoFollow(document));
    }

    private static Uri BaseOf(IDocument document, Uri pageUrl)
    {
        var href = document.QuerySelector("base[href]")?.GetAttribute("href");
        return href is not null
            && Uri.TryCreate(pageUrl, Clean(href), out var resolved)
            && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps)
            ? resolved
            : pageUrl;
    }

    private static bool IsIcon(string rel) =>
        Tokens(rel).Any(t => t.Equals("icon", StringComparison.OrdinalIgnoreCase) || t.EndsWith("-icon", StringComparison.OrdinalIgnoreCase));

    private static bool IsNoFollow(IDocument document) =>
        document.QuerySelectorAll("meta[name][content]")
            .Where(m => m.GetAttribute("name")!.Trim().Equals("robots", StringComparison.OrdinalIgnoreCase))
            .SelectMany(m => m.GetAttribute("content")!.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(d => d.Equals("nofollow", StringComparison.OrdinalIgnoreCase) || d.Equals("none", StringComparison.OrdinalIgnoreCase));

    private static string[] Tokens(string value) =>
        value.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>As browsers do: surrounding whitespace and control characters go, and so do tabs and newlines inside.</summary>
    public static string Clean(string raw)
    {
        var trimmed = raw.AsSpan().Trim("\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\v\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f ");
        return trimmed.ContainsAny('\t', '\n', '\r')
            ? trimmed.ToString().Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal)
            : trimmed.ToString();
    }

    /// <summary>The scheme of an absolute reference (RFC 3986 §3.1), lower-cased, or null for a relative one.</summary>
    public static string? SchemeOf(string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(reference[0]))
        {
            return null;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(reference[i]) && reference[i] is not ('+' or '-' or '.'))
            {
                return null;
            }
        }

        return reference[..colon].ToLowerInvariant();
    }

    private sealed class Collector(Uri baseUrl, int maxLinks)
    {
        private int _cut;

        private readonly List<Uri> _links = [];
        private readonly List<Uri> _images = [];
        private readonly List<UnfetchableLink> _unfetchable = [];
        private readonly HashSet<string> _seenLinks = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenImages = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenUnfetchable = new(StringComparer.Ordinal);

        public void Link(string raw) => Add(raw, _links, _seenLinks);

        public void Image(string? raw)
        {
            if (raw is not null)
            {
                Add(raw, _images, _seenImages);
            }
        }

        public void ImageSet(string? srcset)
        {
            if (srcset is not null)
            {
                foreach (var url in SrcSet.Urls(srcset))
                {
                    Add(url, _images, _seenImages);
                }
            }
        }

        public PageLinks Result(bool noFollow) => new(_links, _images, _unfetchable, noFollow, _cut);

        private void Add(string raw, List<Uri> into, HashSet<string> seen)
        {
            var reference = Clean(raw);
            if (reference.Length == 0 || reference[0] == '#')
            {
                return;
            }

            var scheme = SchemeOf(reference);
            if (scheme is not null && scheme != Uri.UriSchemeHttp && scheme != Uri.UriSchemeHttps)
            {
                Unfetchable(UnfetchableLink.Of(reference, scheme, $"unsupported scheme '{scheme}'"));
                return;
            }

            if (!Uri.TryCreate(baseUrl, reference, out var absolute))
            {
                Unfetchable(UnfetchableLink.Of(reference, scheme, "not a valid URL"));
                return;
            }

            if (!NormalizedUrl.TryParse(absolute.AbsoluteUri, out var url, out var error))
            {
                Unfetchable(UnfetchableLink.Of(reference, scheme, error!));
                return;
            }

            if (!seen.Add(url!.ToString()))
            {
                return;
            }

            if (into.Count < maxLinks)
            {
                into.Add(url.Uri);
            }
            else
            {
                _cut++; // counted, not kept (the seen-set is bounded by the page's size)
            }
        }

        private void Unfetchable(UnfetchableLink link)
        {
            if (!_seenUnfetchable.Add(link.Url))
            {
                return;
            }

            if (_unfetchable.Count < maxLinks)
            {
                _unfetchable.Add(link);
            }
            else
            {
                _cut++;
            }
        }
    }
}
