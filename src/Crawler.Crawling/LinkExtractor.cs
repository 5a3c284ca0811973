using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Crawler.Probing;

namespace Crawler.Crawling;

/// <summary>
/// Finds what an HTML page references, with a standards-compliant parser (AngleSharp) and the roles of
/// <see cref="HtmlReferences"/>: links (pages to follow), images (and <c>og:image</c>), and resources (stylesheets,
/// scripts, frames, media, CSS <c>url()</c>). URLs resolve against the first <c>&lt;base href&gt;</c>, else the page.
/// A bare <c>#fragment</c> points into the page itself and is not reported. At most <c>maxLinks</c> links, images,
/// resources and unfetchable references each are kept (in document order); how many more there were is counted
/// (<see cref="PageLinks.Cut"/>), so a hostile page of a million links costs a count, not a million URLs.
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

        foreach (var element in document.QuerySelectorAll($"{HtmlReferences.Selector}, style, meta[property][content]"))
        {
            foreach (var (raw, role) in HtmlReferences.Of(element))
            {
                found.Add(raw, role);
            }

            if (element.LocalName == "style")
            {
                foreach (var (url, _) in HtmlReferences.CssUrls(element.TextContent))
                {
                    found.Add(url, ReferenceRole.Resource);
                }
            }
            else if (element.LocalName == "meta" && OpenGraphImage.Contains(element.GetAttribute("property")!.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                found.Add(element.GetAttribute("content")!, ReferenceRole.Image);
            }
        }

        return found.Result(IsNoFollow(document)) with { Anchors = AnchorsOf(document, maxLinks) };
    }

    /// <summary>The ids, and names of <c>a</c>, a fragment can point at: each once, at most <paramref name="max"/>.</summary>
    private static List<string> AnchorsOf(IDocument document, int max)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var element in document.QuerySelectorAll("[id], a[name]"))
        {
            foreach (var anchor in new[] { element.GetAttribute("id"), element.LocalName == "a" ? element.GetAttribute("name") : null })
            {
                if (anchor is { Length: > 0 } && ordered.Count < max && anchors.Add(anchor))
                {
                    ordered.Add(anchor);
                }
            }
        }

        return ordered;
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

    private static bool IsNoFollow(IDocument document) =>
        document.QuerySelectorAll("meta[name][content]")
            .Where(m => m.GetAttribute("name")!.Trim().Equals("robots", StringComparison.OrdinalIgnoreCase))
            .SelectMany(m => m.GetAttribute("content")!.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(d => d.Equals("nofollow", StringComparison.OrdinalIgnoreCase) || d.Equals("none", StringComparison.OrdinalIgnoreCase));

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
        private readonly List<Uri> _resources = [];
        private readonly List<string> _fragments = [];
        private readonly HashSet<string> _seenFragments = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenResources = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenUnfetchable = new(StringComparer.Ordinal);

        public void Add(string raw, ReferenceRole role)
        {
            switch (role)
            {
                case ReferenceRole.Link:
                    Add(raw, _links, _seenLinks);
                    break;
                case ReferenceRole.Image:
                    Add(raw, _images, _seenImages);
                    break;
                default:
                    Add(raw, _resources, _seenResources);
                    break;
            }
        }

        public PageLinks Result(bool noFollow) => new(_links, _images, _unfetchable, noFollow, _cut) { Resources = _resources, Fragments = _fragments };

        private void Add(string raw, List<Uri> into, HashSet<string> seen)
        {
            var reference = Clean(raw);
            if (into == _links && reference.Length > 1 && reference.Contains('#', StringComparison.Ordinal))
            {
                Fragment(reference);
            }

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

        /// <summary>A link naming a fragment, kept as its normalised URL and the fragment as written.</summary>
        private void Fragment(string reference)
        {
            if (Uri.TryCreate(baseUrl, reference, out var absolute) && absolute.Fragment.Length > 1
                && absolute.Scheme is "http" or "https" && NormalizedUrl.TryParse(absolute.AbsoluteUri, out var url, out _)
                && _fragments.Count < maxLinks)
            {
                var link = $"{url}{absolute.Fragment}";
                if (_seenFragments.Add(link))
                {
                    _fragments.Add(link);
                }
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
