using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Crawler.Crawling;

/// <summary>What a reference of an HTML page is for.</summary>
public enum ReferenceRole
{
    /// <summary>A page to go to: <c>a</c> and <c>area</c>.</summary>
    Link,

    /// <summary>An image the page shows: <c>img</c>, <c>picture</c>'s sources, icons, a video's poster, an image button.</summary>
    Image,

    /// <summary>Anything else the page loads: stylesheets, scripts, frames, media, embedded objects, CSS <c>url()</c>.</summary>
    Resource,
}

/// <summary>
/// The one table of which HTML attributes reference what, shared by crawls (<see cref="LinkExtractor"/>) and document
/// checks: <c>a</c>/<c>area</c> href; <c>img</c> src and srcset; <c>source</c> srcset (an image, in a <c>picture</c>) and src (media);
/// <c>link</c> href (an icon is an image; <c>preconnect</c> and <c>dns-prefetch</c> name an origin, not a resource);
/// <c>script</c>, <c>iframe</c>, <c>frame</c>, <c>video</c>, <c>audio</c>, <c>track</c>, <c>embed</c> src; <c>video</c>
/// poster; <c>object</c> data; <c>input type=image</c> src; CSS <c>url()</c> in style attributes and style elements.
/// References come as written (not yet cleaned or resolved).
/// </summary>
public static partial class HtmlReferences
{
    /// <summary>The elements <see cref="Of"/> reads, as a CSS selector.</summary>
    public const string Selector = "a, area, link, img, source, script, iframe, frame, video, audio, track, embed, object, input, [style]";

    public static IEnumerable<(string Raw, ReferenceRole Role)> Of(IElement element)
    {
        switch (element.LocalName)
        {
            case "a" or "area" when element.GetAttribute("href") is { } href:
                yield return (href, ReferenceRole.Link);
                break;
            case "img":
                foreach (var image in Sources(element, "src", "srcset"))
                {
                    yield return (image, ReferenceRole.Image);
                }

                break;
            case "source":
                // A srcset means something only in a picture; a source of a video or audio names media.
                foreach (var image in element.ParentElement?.LocalName == "picture" ? Sources(element, null, "srcset") : [])
                {
                    yield return (image, ReferenceRole.Image);
                }

                if (element.GetAttribute("src") is { } media)
                {
                    yield return (media, ReferenceRole.Resource);
                }

                break;
            case "link" when element.GetAttribute("href") is { } href && Rel(element) is var rel && !IsOriginHint(rel):
                yield return (href, rel.Any(IsIcon) ? ReferenceRole.Image : ReferenceRole.Resource);
                break;
            case "script" or "iframe" or "frame" or "audio" or "track" or "embed" when element.GetAttribute("src") is { } src:
                yield return (src, ReferenceRole.Resource);
                break;
            case "video":
                if (element.GetAttribute("src") is { } video)
                {
                    yield return (video, ReferenceRole.Resource);
                }

                if (element.GetAttribute("poster") is { } poster)
                {
                    yield return (poster, ReferenceRole.Image);
                }

                break;
            case "object" when element.GetAttribute("data") is { } data:
                yield return (data, ReferenceRole.Resource);
                break;
            case "input" when element.GetAttribute("src") is { } button && string.Equals(element.GetAttribute("type"), "image", StringComparison.OrdinalIgnoreCase):
                yield return (button, ReferenceRole.Image);
                break;
        }

        if (element.GetAttribute("style") is { } style)
        {
            foreach (var (url, _) in CssUrls(style))
            {
                yield return (url, ReferenceRole.Resource);
            }
        }
    }

    /// <summary>The <c>url()</c> references of CSS text (a style element's or attribute's), with where each starts in it.</summary>
    public static IEnumerable<(string Url, int Index)> CssUrls(string css)
    {
        foreach (Match match in CssUrl().Matches(css))
        {
            yield return (match.Groups["url"].Value, match.Index);
        }
    }

    private static IEnumerable<string> Sources(IElement element, string? single, string set)
    {
        if (single is not null && element.GetAttribute(single) is { } src)
        {
            yield return src;
        }

        if (element.GetAttribute(set) is { } srcset)
        {
            foreach (var url in SrcSet.Urls(srcset))
            {
                yield return url;
            }
        }
    }

    private static string[] Rel(IElement element) =>
        (element.GetAttribute("rel") ?? "").Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsIcon(string token) =>
        token.Equals("icon", StringComparison.OrdinalIgnoreCase) || token.EndsWith("-icon", StringComparison.OrdinalIgnoreCase);

    private static bool IsOriginHint(string[] rel) =>
        rel.Length > 0 && rel.All(token => token.Equals("preconnect", StringComparison.OrdinalIgnoreCase) || token.Equals("dns-prefetch", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("""url\(\s*(?<quote>['"]?)(?<url>[^'")]*?)\k<quote>\s*\)""", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
