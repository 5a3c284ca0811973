using System.Net;
using System.Text;

namespace Crawler.SyntheticWeb;

/// <summary>
/// Writes a page's HTML and, at the same time, the list of what it links to, resolved the way a browser
/// resolves it (against <c>&lt;base href&gt;</c> when there is one, fragments dropped).
/// </summary>
internal sealed class SitePageBuilder(Uri url, string title)
{
    private readonly StringBuilder _head = new();
    private readonly StringBuilder _body = new();
    private readonly List<SiteLink> _links = [];
    private readonly Uri _url = url;
    private Uri _base = url;
    private string? _baseHref;

    public SitePageBuilder Base(string href)
    {
        if (_links.Count > 0)
        {
            throw new InvalidOperationException("<base href> comes before every link.");
        }

        _baseHref = href;
        _base = new Uri(_url, href);
        _head.Append("<base href=\"").Append(Encode(href)).Append("\">\n");
        return this;
    }

    public SitePageBuilder Icon(string href)
    {
        _head.Append("<link rel=\"icon\" href=\"").Append(Encode(Add(SiteLinkKind.Icon, href))).Append("\">\n");
        return this;
    }

    public SitePageBuilder OpenGraphImage(string content)
    {
        _head.Append("<meta property=\"og:image\" content=\"").Append(Encode(Add(SiteLinkKind.OpenGraphImage, content))).Append("\">\n");
        return this;
    }

    public SitePageBuilder Heading(string text)
    {
        _body.Append("<h1 id=\"top\">").Append(Encode(text)).Append("</h1>\n");
        return this;
    }

    public SitePageBuilder Paragraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    public SitePageBuilder Anchor(string href, string text)
    {
        _body.Append("<p><a href=\"").Append(Encode(Add(SiteLinkKind.Anchor, href))).Append("\">").Append(Encode(text)).Append("</a></p>\n");
        return this;
    }

    public SitePageBuilder Image(string src, string alt)
    {
        _body.Append("<img src=\"").Append(Encode(Add(SiteLinkKind.Image, src))).Append("\" alt=\"").Append(Encode(alt)).Append("\">\n");
        return this;
    }

    /// <summary><c>&lt;img src srcset&gt;</c>; candidates are (URL, descriptor such as "2x" or "480w").</summary>
    public SitePageBuilder ImageWithSrcset(string src, IReadOnlyList<(string Url, string Descriptor)> candidates, string alt)
    {
        _body.Append("<img src=\"").Append(Encode(Add(SiteLinkKind.Image, src)))
            .Append("\" srcset=\"").Append(Encode(Srcset(SiteLinkKind.ImageSrcset, candidates)))
            .Append("\" alt=\"").Append(Encode(alt)).Append("\">\n");
        return this;
    }

    /// <summary><c>&lt;picture&gt;&lt;source srcset type&gt;&lt;img src&gt;&lt;/picture&gt;</c>.</summary>
    public SitePageBuilder Picture(IReadOnlyList<(string Url, string Descriptor)> sources, string? type, string fallback, string alt)
    {
        _body.Append("<picture><source srcset=\"").Append(Encode(Srcset(SiteLinkKind.PictureSource, sources))).Append('"');
        if (type is not null)
        {
            _body.Append(" type=\"").Append(Encode(type)).Append('"');
        }

        _body.Append("><img src=\"").Append(Encode(Add(SiteLinkKind.Image, fallback))).Append("\" alt=\"").Append(Encode(alt)).Append("\"></picture>\n");
        return this;
    }

    public SitePage Build()
    {
        var html = new StringBuilder(1024 + _head.Length + _body.Length)
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append(_head)
            .Append("</head>\n<body>\n")
            .Append(_body)
            .Append("</body>\n</html>\n")
            .ToString();
        return new SitePage(_url.AbsoluteUri, title, _baseHref, [.. _links], html);
    }

    private string Srcset(SiteLinkKind kind, IReadOnlyList<(string Url, string Descriptor)> candidates) =>
        string.Join(", ", candidates.Select(c => $"{Add(kind, c.Url)} {c.Descriptor}"));

    private string Add(SiteLinkKind kind, string raw)
    {
        _links.Add(new SiteLink(kind, raw, Resolve(raw)));
        return raw;
    }

    private string? Resolve(string raw)
    {
        var resolved = new Uri(_base, raw);
        return resolved.Scheme is "http" or "https" ? resolved.GetLeftPart(UriPartial.Query) : null;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
